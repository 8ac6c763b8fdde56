//! The leaves: what every layer above uses and that imports nothing of tiendo's.
//!
//! - [`source`]: the files as read, where a value of the model was written, and finding
//!   that place again in the file (saphyr's marked YAML);
//! - [`diagnostics`]: errors and warnings as data, and their rendering;
//! - [`yaml`]: every YAML parse, behind one module;
//! - [`site_path`]: a path inside the output folder that cannot leave it;
//! - [`escape`]: text made safe for markup;
//! - [`progress`]: what a long run tells as it goes.

pub mod diagnostics;
pub mod escape;
pub mod progress;
pub mod site_path;
pub mod source;
pub mod yaml;
