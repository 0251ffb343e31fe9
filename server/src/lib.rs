//! interview-prep: finds interview concepts in Python code and links them to the questions about
//! them. The library holds all logic; `main.rs` is a thin CLI over it.
#![deny(clippy::print_stdout, clippy::await_holding_lock, clippy::await_holding_invalid_type)]

pub mod check;
pub mod cli;
pub mod concepts;
pub mod config;
pub mod deck;
pub mod document;
pub mod features;
pub mod fsutil;
pub mod language;
pub mod lsp;
pub mod position;
pub mod progress;
pub mod quiz;
pub mod session;
pub mod settings;
pub mod study;
pub mod term;
pub mod text;
