//! Walking the paths to scan, in parallel. Everything is read by default (hidden files,
//! git-ignored files: a leak does not respect .gitignore); include/exclude globs narrow it.
//! Symbolic links are followed so that loops are detected and reported.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::PathBuf;

#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub threads: usize,
}

#[derive(Debug)]
pub enum WalkEntry {
    File(PathBuf),
    /// Not a regular file (a FIFO, a socket, a device): not read, with what it is.
    Skipped(PathBuf, &'static str),
    /// A path that could not be listed or followed (permission, loop, missing), with why.
    Error(Option<PathBuf>, crate::Message),
}

fn globset(patterns: &[String]) -> Result<Option<GlobSet>, crate::Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let glob = |pattern: &str| {
        let pattern = pattern.to_string();
        move |e: globset::Error| crate::Error::Glob {
            pattern,
            why: e.to_string(),
        }
    };
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(glob(p))?);
    }
    b.build().map(Some).map_err(glob(&patterns.join(", ")))
}

/// Calls `visit` for every regular file under `paths`, from `threads` threads.
pub fn walk(
    paths: &[PathBuf],
    opts: &WalkOptions,
    visit: &(dyn Fn(WalkEntry) + Sync),
) -> Result<(), crate::Error> {
    let Some((first, rest)) = paths.split_first() else {
        return Ok(());
    };
    let include = globset(&opts.include)?;
    let exclude = globset(&opts.exclude)?;
    let mut builder = ignore::WalkBuilder::new(first);
    for p in rest {
        builder.add(p);
    }
    builder
        .hidden(false)
        .ignore(false)
        .git_ignore(false)
        .git_global(false)
        .git_exclude(false)
        .parents(false)
        .require_git(false)
        .follow_links(true)
        .threads(opts.threads.max(1));
    let exclude_dirs = exclude.clone();
    builder.filter_entry(move |e| {
        let is_dir = e.file_type().is_some_and(|t| t.is_dir());
        !(is_dir && e.depth() > 0 && exclude_dirs.as_ref().is_some_and(|x| x.is_match(e.path())))
    });
    builder.build_parallel().run(|| {
        let include = include.clone();
        let exclude = exclude.clone();
        Box::new(move |result| {
            match result {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    let path = entry.path();
                    let wanted = include.as_ref().is_none_or(|g| g.is_match(path))
                        && !exclude.as_ref().is_some_and(|g| g.is_match(path));
                    if is_file && wanted {
                        visit(WalkEntry::File(entry.into_path()));
                    } else if let Some(what) =
                        entry.file_type().and_then(special).filter(|_| wanted)
                    {
                        // Reading a FIFO blocks and a device never ends: said, never read.
                        visit(WalkEntry::Skipped(entry.into_path(), what));
                    }
                }
                Err(e) => {
                    let message = crate::Message::with_detail("illisible", "cannot read", &e);
                    visit(WalkEntry::Error(error_path(&e), message))
                }
            }
            ignore::WalkState::Continue
        })
    });
    Ok(())
}

/// What a special file is, if it is one.
fn special(t: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    let _ = t;
    None
}

/// The roots to walk, without those inside another root (a file given both directly and
/// through its folder is read once).
pub fn distinct_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let canonical: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let mut out = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let inside_another = canonical.iter().enumerate().any(|(j, other)| {
            j != i && canonical[i].starts_with(other) && (canonical[i] != *other || j < i)
        });
        if !inside_another {
            out.push(p.clone());
        }
    }
    out
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.first().and_then(error_path),
        _ => None,
    }
}
