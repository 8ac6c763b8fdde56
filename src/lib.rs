//! tiendo: a static site generator for public progress transparency.
//!
//! The library is one pipeline, one module per stage:
//!
//! ```text
//! load  →  validate  →  derive  →  render  →  output
//! files    model +      status,    pages as   one swap
//!          diagnostics  pace       strings    into the output dir
//! ```
//!
//! Only [`load`] reads the content tree and only [`output`] writes the site; the stages
//! between are functions from data to data. [`cmd`] strings them together for the
//! command line.

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
pub mod site;
pub mod validate;
pub mod write;
