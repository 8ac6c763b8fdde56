//! Writes the site, and never loses the one already published.
//!
//! Every file goes into a staging folder; the staging folder takes the output's place
//! only when the whole build succeeded, in one atomic exchange where the file system
//! allows it, so that at every moment the output holds the whole previous site or the
//! whole new one. A failed build removes its staging folder; a build that was killed
//! leaves folders the next build recognises by their marker and clears away. One build
//! at a time writes into an output folder: the next one waits for its lock.

mod destination;
mod lock;
mod manifest;
mod memory;
mod remove;
mod rename;
mod reuse;
mod sink;
mod staging;
pub mod zip;

pub use destination::{Destination, InPlaceReason, Replacement};
pub use memory::{Memory, Versions};
pub use sink::{MARKER, RESERVED_PREFIX, Sink, Stats};
pub use staging::{Notes, Staging};
