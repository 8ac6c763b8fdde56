//! The `tiendo` command: parses arguments, runs the library, reports and sets the exit
//! status. Everything else lives in the library.

use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use clap::{Args, Parser, Subcommand};

use tiendo::asof::{self, AsOfSource};

/// A build allocates many small strings and values on every core for every page;
/// mimalloc serves them from per-thread pools, where the system allocator spent a fifth
/// of the build (measured with `perf` on a national tree).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tiendo::base::progress::{Progress, Silent};
use tiendo::cmd::{self, Outcome, Settings};

/// tiendo turns plans, targets, tasks and progress reports kept as YAML and Markdown into
/// a static website that shows citizens where things stand.
#[derive(Parser)]
#[command(name = "tiendo", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the whole site and build it into the output folder.
    Build(BuildArgs),
    /// Check the whole site and report every problem; write nothing.
    Check(CheckArgs),
    /// Build the site into memory and serve it over HTTP, rebuilding what each saved
    /// edit touches; open pages reload themselves, and show the content's errors.
    #[cfg(feature = "serve")]
    Serve {
        /// The site's folder, holding site.yaml and content/.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// The day statuses are derived against (YYYY-MM-DD) [default: today, as each
        /// rebuild runs].
        #[arg(long, value_name = "DATE", value_parser = asof::parse_flag)]
        as_of: Option<chrono::NaiveDate>,
        /// The port to listen on; 0 lets the system choose.
        #[arg(long, default_value_t = 4545)]
        port: u16,
        /// The address to listen on: 127.0.0.1 serves this computer alone; 0.0.0.0
        /// serves every computer that can reach it.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the web browser once it is built.
        #[arg(long)]
        open: bool,
    },
    /// Start a new site in an empty folder: one indicator, one program, one
    /// jurisdiction with a plan and a progress report, a README, editor settings and CI
    /// recipes for GitHub and GitLab. It checks and builds as it is.
    Init {
        /// The folder to write the site into: new, or empty.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The site's languages, the first being the default one.
        #[arg(
            long,
            value_name = "LANGS",
            value_delimiter = ',',
            default_value = "vi,en"
        )]
        languages: Vec<String>,
        /// Copy the built-in theme into themes/default/, to edit its templates and words.
        #[arg(long)]
        theme: bool,
        /// The address the site will be published at [default: https://example.org/].
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Write a new content file where tiendo reads it, from a template that says what
    /// to fill in; it never replaces a file.
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The site's folder, holding site.yaml and content/.
        #[arg(long, value_name = "DIR", default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Write the JSON Schema of each kind of content file, and of the theme's UI
    /// strings, for editors that complete fields and mark errors as you type.
    Schema {
        /// The folder to write them into.
        #[arg(value_name = "DIR", default_value = cmd::schema::FOLDER)]
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A progress report of a jurisdiction: `<jurisdiction>/updates/<date>.md`.
    Update {
        /// The jurisdiction's id, such as `lao-cai`.
        jurisdiction: String,
        /// The report's day (YYYY-MM-DD) [default: today].
        #[arg(long, value_name = "DATE", value_parser = asof::parse_report_day)]
        date: Option<chrono::NaiveDate>,
    },
    /// A plan of a jurisdiction: `<jurisdiction>/plans/<id>.md`, issued today.
    Plan {
        /// The jurisdiction's id, such as `lao-cai`.
        jurisdiction: String,
        /// The plan's id, such as `16-kh-tu`.
        id: String,
        /// The id of the program it implements, such as `directive-52`.
        #[arg(long, value_name = "ID")]
        program: String,
    },
    /// A jurisdiction: `<folder>/<id>/_index.yaml`, beside its parent's others.
    Jurisdiction {
        /// Its id, such as `sa-pa`.
        id: String,
        /// The id of the jurisdiction it belongs to, such as `lao-cai`.
        #[arg(long, value_name = "ID")]
        parent: Option<String>,
        /// Its level [default: the one below its parent's; province without a parent].
        #[arg(long, value_enum)]
        level: Option<LevelArg>,
        /// Its name [default: made of the id, `sa-pa` giving "Sa Pa"].
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LevelArg {
    Country,
    Province,
    Commune,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: Common,
    /// Folder to write the site into; replaced whole when the build succeeds
    /// [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// The address the site is published at, overriding `base_url` in site.yaml;
    /// used only where an absolute address is required (canonical links, sitemap).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Minify every page's HTML. Off by default: it doubles the build's time and the
    /// pages are only about 4 % smaller once the server compresses them.
    #[arg(long)]
    minify: bool,
    /// Do not read the content's history from git: no deadline moved, figure revised
    /// or date published is shown, as when the site is not in a repository.
    #[arg(long)]
    no_history: bool,
    /// Print every file the build would write, one per line (its path, its kind, its
    /// language and the content it is made from, separated by tabs), and write nothing.
    #[arg(long)]
    list: bool,
    /// Also write the whole site as one zip file, to take offline: unzipped anywhere,
    /// its pages open from disk. Written whole beside FILE, then renamed into place.
    #[arg(long, value_name = "FILE")]
    zip: Option<PathBuf>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// How to print the problems: `human` (with the offending lines, on standard
    /// error), `github` (GitHub Actions annotations), `gitlab` (a GitLab Code Quality
    /// report) or `json` (one object per line), the last three on standard output.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// How `check` prints what it found.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Github,
    Gitlab,
    Json,
}

#[derive(Args)]
struct Common {
    /// The site's folder, holding site.yaml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The day statuses are derived against (YYYY-MM-DD) [default: SOURCE_DATE_EPOCH's
    /// day if set, else today].
    #[arg(long, value_name = "DATE", value_parser = asof::parse_flag)]
    as_of: Option<chrono::NaiveDate>,
    /// Print nothing but errors: no progress, no warnings, no summary.
    #[arg(long, short)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Asked for one thread, a build runs on the main thread alone, its file operations
    // always in the same order: the fault-injection test stops it at each in turn. (With
    // more threads the main one stays out of the pool: as a member, it slowed builds by
    // a third.)
    if std::env::var("RAYON_NUM_THREADS").is_ok_and(|n| n.trim() == "1") {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .use_current_thread()
            .build_global();
    }
    match &cli.command {
        Command::Build(build) => pipeline(&build.common, Some(build), Format::Human),
        Command::Check(check) => pipeline(&check.common, None, check.format),
        #[cfg(feature = "serve")]
        Command::Serve {
            root,
            as_of,
            port,
            bind,
            open,
        } => preview::serve(root, *as_of, *port, *bind, *open),
        Command::Schema { dir } => schema(dir),
        Command::Init {
            dir,
            languages,
            theme,
            base_url,
        } => init(dir, languages, *theme, base_url.clone()),
        Command::New { what, root } => new(root, what),
    }
}

fn init(
    dir: &std::path::Path,
    languages: &[String],
    theme: bool,
    base_url: Option<String>,
) -> ExitCode {
    let settings = cmd::init::Settings {
        dir: dir.to_path_buf(),
        languages: languages.to_vec(),
        copy_theme: theme,
        base_url,
        today: asof::today(),
    };
    match cmd::init::init(&settings) {
        Ok(files) => {
            let shown = dir.display().to_string();
            // As a shell reads it, to paste.
            let cd = if shown
                .chars()
                .all(|c| c.is_alphanumeric() || "/._-".contains(c))
            {
                shown.clone()
            } else {
                format!("'{}'", shown.replace('\'', "'\\''"))
            };
            let next = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("\n  cd {cd}")
            };
            say(format_args!(
                "Wrote a new site of {} files into {shown}. Next:{next}\n  {PREVIEW}\n\
                 Each file says in its comments what to fill in; README.md says the rest.",
                files.len(),
            ));
            ExitCode::SUCCESS
        }
        Err(message) => {
            say(format_args!("error: {message}"));
            ExitCode::FAILURE
        }
    }
}

/// The command that shows a new site, and what it does: a tiendo built without its
/// `serve` feature has no server to name.
#[cfg(feature = "serve")]
const PREVIEW: &str = "tiendo serve --open";
#[cfg(not(feature = "serve"))]
const PREVIEW: &str = "tiendo build";
#[cfg(feature = "serve")]
const PREVIEW_AS_YOU_SAVE: &str = "`tiendo serve` shows it as you save";
#[cfg(not(feature = "serve"))]
const PREVIEW_AS_YOU_SAVE: &str = "`tiendo check` checks it, `tiendo build` shows it";

fn new(root: &std::path::Path, what: &NewCommand) -> ExitCode {
    let today = asof::today();
    let (what, date) = match what {
        NewCommand::Update { jurisdiction, date } => (
            cmd::new::What::Update {
                jurisdiction: jurisdiction.clone(),
            },
            date.unwrap_or(today),
        ),
        NewCommand::Plan {
            jurisdiction,
            id,
            program,
        } => (
            cmd::new::What::Plan {
                jurisdiction: jurisdiction.clone(),
                id: id.clone(),
                program: program.clone(),
            },
            today,
        ),
        NewCommand::Jurisdiction {
            id,
            parent,
            level,
            name,
        } => (
            cmd::new::What::Jurisdiction {
                id: id.clone(),
                parent: parent.clone(),
                level: level.map(|level| match level {
                    LevelArg::Country => tiendo::model::Level::Country,
                    LevelArg::Province => tiendo::model::Level::Province,
                    LevelArg::Commune => tiendo::model::Level::Commune,
                }),
                name: name.clone(),
            },
            today,
        ),
    };
    match cmd::new::new(root, &what, date) {
        Ok(paths) => {
            for path in &paths {
                println!("{}", path.display());
            }
            let translations = match paths.len() {
                1 => String::new(),
                2 => " and its translation".to_owned(),
                _ => " and its translations".to_owned(),
            };
            say(format_args!(
                "Wrote {}{translations}: the comments say what to fill in; {PREVIEW_AS_YOU_SAVE}",
                paths[0].display()
            ));
            ExitCode::SUCCESS
        }
        Err(message) => {
            say(format_args!("error: {message}"));
            ExitCode::FAILURE
        }
    }
}

/// `build` and `check`: the whole pipeline, its problems reported, its summary said.
fn pipeline(common: &Common, build: Option<&BuildArgs>, format: Format) -> ExitCode {
    let started = Instant::now();
    let is_build = build.is_some();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let as_of = match asof::resolve(common.as_of, epoch.as_deref(), chrono::Local::now()) {
        Ok(as_of) => as_of,
        Err(message) => {
            say(format_args!("error: {message}"));
            return ExitCode::from(2);
        }
    };
    let (base_url, minify) = build.map_or((None, false), |b| (b.base_url.clone(), b.minify));
    let on_terminal = std::io::stderr().is_terminal();
    let progress: Arc<dyn Progress> = if common.quiet {
        Silent::shared()
    } else if on_terminal {
        Arc::new(Bar::new())
    } else {
        Arc::new(NotesOnly)
    };
    let settings = Settings {
        root: common.root.clone(),
        base_url,
        as_of: as_of.date,
        minify,
        history: build.is_some_and(|b| !b.list && !b.no_history),
        progress,
    };
    let listing = build.is_some_and(|b| b.list);
    let (mut outcome, output) = match build {
        Some(_) if listing => (cmd::list::list(&settings), None),
        Some(build) => {
            let output = build
                .output_dir
                .clone()
                .unwrap_or_else(|| common.root.join("public"));
            let outcome = cmd::build::build(&settings, &output, build.zip.as_deref());
            (outcome, Some(output))
        }
        None => (cmd::check::check(&settings), None),
    };
    if common.quiet {
        outcome.diagnostics.keep_errors_only();
    }
    report(&outcome, format, on_terminal);
    if let Some(text) = &outcome.listing {
        // A closed pipe (`| head`) is no error: the list was read as far as wanted.
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
    if common.quiet && outcome.stats.is_some() {
        return ExitCode::SUCCESS;
    }

    let as_of_note = match as_of.source {
        AsOfSource::Flag => String::new(),
        AsOfSource::SourceDateEpoch => " (from SOURCE_DATE_EPOCH)".to_owned(),
        AsOfSource::Today => " (today)".to_owned(),
    };
    let warnings = match outcome.diagnostics.warning_count() {
        0 => String::new(),
        1 => " (1 warning)".to_owned(),
        n => format!(" ({n} warnings)"),
    };
    match (&outcome.stats, output) {
        (Some(stats), Some(output)) if is_build => {
            // Before the summary, which stays the last line (what a script's `tail -1` reads).
            let not_shown = build
                .filter(|b| b.no_history)
                .map(|_| "history is not shown: --no-history was given".to_owned())
                .or(outcome.history_not_shown);
            if let Some(why) = not_shown {
                say(format_args!("Note: {why}"));
            }
            say(format_args!(
                "Built {} pages ({} files, {}) into {} as of {}{as_of_note} in {:.2} s{warnings}",
                stats.pages,
                stats.files,
                megabytes(stats.bytes),
                output.display(),
                as_of.date,
                started.elapsed().as_secs_f64()
            ));
            // Only what comes after publishing can fail a build that built: the zip.
            match outcome.diagnostics.error_count() {
                0 => ExitCode::SUCCESS,
                errors => {
                    say(format_args!(
                        "Failed: {errors} error{} after the site was published (above)",
                        if errors == 1 { "" } else { "s" }
                    ));
                    ExitCode::FAILURE
                }
            }
        }
        (Some(stats), _) if listing => {
            say(format_args!(
                "No errors{warnings}: {} files ({} pages) would be written as of {}{as_of_note}",
                stats.files, stats.pages, as_of.date
            ));
            ExitCode::SUCCESS
        }
        (Some(stats), _) => {
            say(format_args!(
                "No errors{warnings}: {} pages would be built as of {}{as_of_note}",
                stats.pages, as_of.date
            ));
            ExitCode::SUCCESS
        }
        (None, _) => {
            let errors = outcome.diagnostics.error_count();
            let nothing = if is_build && !listing {
                "; nothing was written, the previous site is unchanged"
            } else {
                ""
            };
            say(format_args!(
                "Failed: {errors} error{}{nothing}",
                if errors == 1 { "" } else { "s" }
            ));
            ExitCode::FAILURE
        }
    }
}

fn schema(dir: &std::path::Path) -> ExitCode {
    match cmd::schema::write(dir) {
        Ok(written) => {
            for path in &written {
                println!("{}", path.display());
            }
            say(format_args!(
                "Wrote {} schemas into {}; see the README's \"Editor help\" for how editors use them",
                written.len(),
                dir.display()
            ));
            ExitCode::SUCCESS
        }
        Err(message) => {
            say(format_args!("error: {message}"));
            ExitCode::FAILURE
        }
    }
}

/// `tiendo serve`'s part of the command line: the server's lines on the terminal, and
/// the browser opened.
#[cfg(feature = "serve")]
mod preview {
    use std::io::{IsTerminal, Write};
    use std::process::ExitCode;
    use std::sync::Arc;

    use tiendo::base::diagnostics::Diagnostics;
    use tiendo::base::source::Sources;
    use tiendo::cmd;
    use tiendo::serve;

    use super::say;

    pub(super) fn serve(
        root: &std::path::Path,
        as_of: Option<chrono::NaiveDate>,
        port: u16,
        bind: std::net::IpAddr,
        open: bool,
    ) -> ExitCode {
        let settings = serve::Settings {
            root: root.to_path_buf(),
            as_of: as_of.map_or(serve::AsOf::Today, serve::AsOf::Fixed),
            bind,
            port,
        };
        let terminal = Arc::new(ServeTerminal {
            styled: std::io::stderr().is_terminal(),
        });
        let started = |address: &str| {
            say(format_args!(
                "Serving the site at {address}\nSaved edits show at once, in every open page; Ctrl-C stops."
            ));
            if open {
                open_in_browser(address);
            }
        };
        match cmd::serve::serve(root, settings, terminal, started) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                say(format_args!("error: {message}"));
                ExitCode::FAILURE
            }
        }
    }

    /// What `serve` prints: each rebuild's line after the time of day.
    struct ServeTerminal {
        styled: bool,
    }

    impl serve::Terminal for ServeTerminal {
        fn line(&self, text: &str) {
            say(format_args!(
                "{} {text}",
                chrono::Local::now().format("%H:%M:%S")
            ));
        }

        fn diagnostics(&self, diagnostics: &Diagnostics, sources: &Sources) {
            let _ = std::io::stderr()
                .lock()
                .write_all(diagnostics.render(sources, self.styled).as_bytes());
        }
    }

    /// Asks the system to open the address in the default browser; a system without one
    /// still has the address printed.
    fn open_in_browser(address: &str) {
        let command = if cfg!(target_os = "macos") {
            ("open", vec![address])
        } else if cfg!(windows) {
            ("cmd", vec!["/C", "start", "", address])
        } else {
            ("xdg-open", vec![address])
        };
        let opened = std::process::Command::new(command.0)
            .args(&command.1)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Err(error) = opened {
            say(format_args!(
                "note: cannot open a browser ({error}): open {address} yourself"
            ));
        }
    }
}

/// "930.2 MB".
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A progress bar on the terminal, drawn only once the build has taken more than a
/// moment, so that a quick build prints its summary line alone.
struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Bar {
    const MOMENT: Duration = Duration::from_millis(400);

    fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} pages · {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
    }

    fn advance(&self) {
        self.bar.inc(1);
        if self.started.elapsed() > Self::MOMENT
            && self
                .shown
                .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn note(&self, text: &str) {
        self.bar.suspend(|| say(format_args!("note: {text}")));
    }
}

/// No progress, for CI and pipes; notes still go to standard error.
struct NotesOnly;

impl Progress for NotesOnly {
    fn note(&self, text: &str) {
        say(format_args!("note: {text}"));
    }
}

/// Writes a line to standard error. A closed or full stream is no reason to stop, nor
/// to panic: the exit status still says how the run went.
fn say(text: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

fn report(outcome: &Outcome, format: Format, styled: bool) {
    // A Code Quality report is a file GitLab reads: with no problem, an empty list.
    if outcome.diagnostics.is_empty() && format != Format::Gitlab {
        return;
    }
    let (diagnostics, sources) = (&outcome.diagnostics, &outcome.sources);
    // Machine formats go to standard output, where the runner and tools read them; the
    // summary and progress stay on standard error.
    let _ = match format {
        Format::Human => std::io::stderr()
            .lock()
            .write_all(diagnostics.render(sources, styled).as_bytes()),
        Format::Github => std::io::stdout()
            .lock()
            .write_all(diagnostics.render_github(sources).as_bytes()),
        Format::Json => std::io::stdout()
            .lock()
            .write_all(diagnostics.render_json(sources).as_bytes()),
        Format::Gitlab => std::io::stdout()
            .lock()
            .write_all(diagnostics.render_gitlab(sources).as_bytes()),
    };
}
