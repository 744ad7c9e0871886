//! A diff shown as a redline: inline (removed words struck, added ones underlined) or side by
//! side, with long unchanged passages folded.

use crate::i18n::{t, t_string, use_i18n};
use draft_engine::{DiffBlock, Segment, SegmentKind};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// « 3 mots ajoutés, 1 retiré »: the words a change added and removed, each in its plural form.
pub fn words_changed(i18n: I18nContext<crate::i18n::Locale>, added: i64, removed: i64) -> String {
    let added = t_string!(i18n, drafts.words_added, count = added).to_string();
    let removed = t_string!(i18n, drafts.words_removed, count = removed).to_string();
    t_string!(i18n, drafts.words_label, added, removed).to_string()
}

fn segment_view(kind: SegmentKind, text: String) -> AnyView {
    match kind {
        SegmentKind::Same => view! { <span>{text}</span> }.into_any(),
        SegmentKind::Removed => view! { <del>{text}</del> }.into_any(),
        SegmentKind::Added => view! { <ins>{text}</ins> }.into_any(),
    }
}

#[component]
fn Folded(lines: usize, text: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="diff__folded">
            <summary>{move || t_string!(i18n, drafts.folded, count = lines).to_string()}</summary>
            <div class="diff__text">{text}</div>
        </details>
    }
}

/// The redline of `blocks`, inline.
#[component]
pub fn Inline(blocks: Vec<DiffBlock>) -> impl IntoView {
    view! {
        <div class="diff__inline">
            {blocks.into_iter().map(|block| match block {
                DiffBlock::Same(text) => view! { <div class="diff__text diff__same">{text}</div> }.into_any(),
                DiffBlock::Folded(lines, text) => view! { <Folded lines text /> }.into_any(),
                DiffBlock::Changed(segments) => view! {
                    <div class="diff__text diff__change">
                        {segments.into_iter().map(|s| segment_view(s.kind, s.text)).collect_view()}
                    </div>
                }.into_any(),
            }).collect_view()}
        </div>
    }
}

/// The redline of `blocks`, the old text on the left and the new one on the right.
#[component]
pub fn SideBySide(blocks: Vec<DiffBlock>) -> impl IntoView {
    let i18n = use_i18n();
    let side = |segments: &[Segment], keep: SegmentKind| {
        segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Same || s.kind == keep)
            .map(|s| segment_view(s.kind, s.text.clone()))
            .collect_view()
    };
    view! {
        <div class="diff__side-by-side" role="table" aria-label=move || t_string!(i18n, drafts.side_by_side)>
            <div class="diff__row diff__row--head" role="row">
                <div role="columnheader">{t!(i18n, drafts.col_from)}</div>
                <div role="columnheader">{t!(i18n, drafts.col_to)}</div>
            </div>
            {blocks.into_iter().map(|block| match block {
                DiffBlock::Same(text) => view! {
                    <div class="diff__row" role="row">
                        <div class="diff__text diff__same" role="cell">{text.clone()}</div>
                        <div class="diff__text diff__same" role="cell">{text}</div>
                    </div>
                }.into_any(),
                DiffBlock::Folded(lines, text) => view! {
                    <div class="diff__row diff__row--folded" role="row">
                        <div role="cell"><Folded lines text=text.clone() /></div>
                        <div role="cell"><Folded lines text /></div>
                    </div>
                }.into_any(),
                DiffBlock::Changed(segments) => view! {
                    <div class="diff__row diff__row--change" role="row">
                        <div class="diff__text diff__old" role="cell">{side(&segments, SegmentKind::Removed)}</div>
                        <div class="diff__text diff__new" role="cell">{side(&segments, SegmentKind::Added)}</div>
                    </div>
                }.into_any(),
            }).collect_view()}
        </div>
    }
}
