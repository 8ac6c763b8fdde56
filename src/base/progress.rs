//! How far a long run got, and what it is doing besides. The library only counts; the command decides whether and how
//! to show it: a bar on a terminal, nothing in CI or a pipe.

use std::sync::Arc;

/// Told as pages are rendered, from every thread.
pub trait Progress: Send + Sync {
    /// Rendering starts, with this many pages and files to go.
    fn start(&self, _total: u64) {}
    /// One more rendered.
    fn advance(&self) {}
    /// Rendering is over, done or failed.
    fn finish(&self) {}
    /// Something the person running the build should know that is not about the
    /// content: waiting for another build, folders a stopped build left.
    fn note(&self, _text: &str) {}
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {}

impl Silent {
    pub fn shared() -> Arc<dyn Progress> {
        Arc::new(Silent)
    }
}
