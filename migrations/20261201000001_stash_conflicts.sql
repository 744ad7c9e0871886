-- A refused merge keeps its conflicts as they were found when the save was refused, and the text to
-- resolve them from: the editor shows them from the stash, never recomputed (a second computation
-- could differ, and an empty answer would hide that nothing was saved).
alter table draft_stashes
    add column conflicts jsonb,
    add column resolution text,
    add constraint draft_stashes_conflicts_whole check ((conflicts is null) = (resolution is null));
