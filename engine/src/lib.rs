//! Atelier's draft engine: what happens to the text of a shared draft, and nothing else.
//!
//! - [`tokens`]: a text cut into words, spaces and marks that join back into it byte for byte;
//! - [`align`]: how two texts correspond, paragraph (line) first, then word by word inside the
//!   paragraphs that changed, so an untouched paragraph always matches itself;
//! - [`merge`]: the three-way merge of two edits made from one revision;
//! - [`display`]: the changes as a reader sees them (context, folded stretches, redlines);
//! - [`attribution`]: who wrote each token, carried from revision to revision;
//! - [`anchor`]: the passages comments and suggestions point to, and where they go next;
//! - [`save`]: what a save does, as a pure decision.
//!
//! Everything is deterministic: the same inputs give the same output on any machine under any
//! load. Work is bounded by the size of the texts (Myers' diff with git's cost heuristics), never
//! by a clock. No I/O, no async, no framework: it builds for the server and for
//! `wasm32-unknown-unknown` alike.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod align;
pub mod anchor;
pub mod attribution;
pub mod display;
pub mod merge;
pub mod save;
pub mod tokens;

pub use align::{Alignment, Step};
pub use anchor::{Anchored, Carrier};
pub use display::{DiffBlock, Segment, SegmentKind};
pub use merge::{Conflict, Merge};
pub use save::{Plan, SaveKind};
