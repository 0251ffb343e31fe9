//! The editor features as plain functions of a [`crate::session::Snapshot`] that return plain
//! data: byte ranges, Markdown, edits. `lsp/` converts their answers to protocol types and sends
//! them; it decides nothing itself. Each feature reads only visible findings (the one rule in
//! `session`).

pub mod actions;
pub mod definition;
pub mod hover;
pub mod inert;
pub mod lens;
pub mod marks;
pub mod quiz;
