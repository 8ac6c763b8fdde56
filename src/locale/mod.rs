//! Text in a language: the theme's UI strings ([`ui`]), numbers and dates as each
//! language writes them ([`format`], with ICU4X), text marked with its language and
//! direction ([`phrase`]), and content put into words ([`words`]).

pub mod changes;
pub mod format;
pub mod phrase;
pub mod ui;
pub mod words;
