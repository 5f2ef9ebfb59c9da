//! The `vigie` binary: flags, progress and exit codes. Each subcommand is one file in
//! `cmd/`; the work is done by the library crates.

mod cmd;

/// mimalloc: `vigie link` makes millions of short strings on some threads and frees them
/// on others, where the system allocator spent a sixth of the run. Built without
/// transparent huge pages: on the virtual machines measured, zeroing each 2 MiB page on
/// first touch cost a quarter of the run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// vigie — breach response for health-data controllers.
///
/// Finds personal and health data in files (NIR, names, birth dates, contact details,
/// bank and card numbers, practitioner and establishment numbers, diagnoses, lab results,
/// medications), tells how many distinct persons are exposed and exactly where, without
/// ever printing a raw identifier unless asked; finds which registry patients are in a
/// leaked file (`link`); keeps the breach case and the register, with severity, deadlines
/// and a verifiable history (`breach`).
#[derive(Parser)]
#[command(name = "vigie", version, about, long_about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str = "Exit codes of `vigie scan`: 0 no personal data found; 1 personal data found; \
2 the scan could not run (bad arguments, unreadable key, output not writable); 3 nothing found but \
some inputs could not be read; 4 personal data found and some inputs could not be read.";

#[derive(Subcommand)]
enum Command {
    #[command(after_help = EXIT_CODES)]
    Scan(cmd::scan::Args),
    Synth(cmd::synth::Args),
    Demo(cmd::demo::Args),
    Eval(cmd::eval::Args),
    Breach(Box<cmd::breach::Args>),
    Link(cmd::link::Args),
    Notify(Box<cmd::notify::Args>),
    Serve(Box<cmd::serve::Args>),
    #[command(hide = true)]
    Generate(cmd::generate::Args),
}

/// Runs a command line as `vigie` would (the demo walks the chain through it).
fn dispatch<I, T>(args: I) -> cmd::Result<u8>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    run(Cli::try_parse_from(args)?)
}

fn run(cli: Cli) -> cmd::Result<u8> {
    match cli.command {
        Command::Scan(a) => cmd::scan::run(a),
        Command::Synth(a) => cmd::synth::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Breach(a) => cmd::breach::run(*a),
        Command::Link(a) => cmd::link::run(a),
        Command::Notify(a) => cmd::notify::run(*a),
        Command::Serve(a) => cmd::serve::run(*a),
        Command::Generate(a) => cmd::generate::run(a, <Cli as clap::CommandFactory>::command()),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`vigie scan … | head`): nothing to say, as Unix tools.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vigie: {e}");
            ExitCode::from(2)
        }
    }
}
