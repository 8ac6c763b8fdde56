//! tiendo: a static site generator for public progress transparency.
//!
//! The library is one pipeline:
//!
//! ```text
//! load  →  validate  →  derive  →  plan      →  write          →  output
//! files    model +      status,    every file   each planned      a sink: one swap
//!          diagnostics  pace       and its keys output as bytes   into the output dir
//! ```
//!
//! Only [`load`] reads the site's folder and only [`output`] writes the site; the stages
//! between are functions from data to data. [`cmd`] strings them together for the
//! command line; [`serve`] runs them again after each edit, rendering only what the edit
//! touched, into memory. The modules form layers that import downward only: see the README's
//! "How the code is laid out" and `tests/layers.rs`.

// Diagnostics are returned by value on the error path, which is cold: boxing them would
// only make the code that builds them noisier.
#![allow(clippy::result_large_err)]

pub mod asof;
pub mod base;
pub mod cmd;
pub mod derive;
pub mod load;
pub mod locale;
pub mod model;
pub mod output;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod validate;
pub mod write;
