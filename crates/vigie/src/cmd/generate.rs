use super::Result;
use std::path::PathBuf;

/// Write the man pages (one for vigie, one per command) and the shell completions, from
/// the same definitions as `--help`: what a package installs (scripts/deb.sh).
#[derive(clap::Args)]
pub struct Args {
    /// Where to write `vigie.1` and `vigie-COMMAND.1`.
    #[arg(long, value_name = "DIR")]
    man: PathBuf,
    /// Where to write the bash, zsh and fish completions.
    #[arg(long, value_name = "DIR")]
    completions: PathBuf,
}

pub fn run(args: Args, mut cli: clap::Command) -> Result<u8> {
    let create =
        |d: &PathBuf| std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()));
    create(&args.man)?;
    create(&args.completions)?;
    let page = |cmd: clap::Command, name: &str| -> Result<()> {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut out)?;
        let path = args.man.join(format!("{name}.1"));
        std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(())
    };
    cli.build();
    page(cli.clone(), "vigie")?;
    for sub in cli
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        // clap keeps names as static strings: a page's name lives as long as the run.
        let name: &'static str = format!("vigie-{}", sub.get_name()).leak();
        page(sub.clone().name(name), name)?;
    }
    for shell in [
        clap_complete::Shell::Bash,
        clap_complete::Shell::Zsh,
        clap_complete::Shell::Fish,
    ] {
        clap_complete::generate_to(shell, &mut cli, "vigie", &args.completions)?;
    }
    Ok(0)
}
