//! Finding the files to ingest: files as given, directories recursively.
//!
//! ```text
//! dossier ingest reports/ extra.md  ─►  reports/a.txt, reports/sub/b.html, extra.md
//! ```
//!
//! Directories are walked in name order, following symbolic links; a link that loops back to an
//! ancestor is reported once and not followed. Hidden entries (`.git`) are skipped. Inside
//! directories only `.txt`, `.md` and `.html` files are taken; a file named explicitly is always
//! attempted, so an unsupported one gets a clear error.

use std::path::{Path, PathBuf};

use crate::pipeline::format_of;

/// A problem met while walking, reported as a failure of that path.
#[derive(Debug)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub reason: String,
}

/// The files to ingest, in a stable order, and the problems met on the way.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<WalkProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => problems.push(WalkProblem {
                path: root.clone(),
                reason: e.to_string(),
            }),
            Ok(m) if m.is_dir() => walk_dir(root, &mut files, &mut problems),
            Ok(_) => files.push(root.clone()),
        }
    }
    (files, problems)
}

fn walk_dir(root: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<WalkProblem>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && format_of(e.path()).is_some() => {
                files.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                let reason = match e.loop_ancestor() {
                    Some(a) => format!("symbolic link loop back to {}: not followed", a.display()),
                    None => e
                        .io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string()),
                };
                problems.push(WalkProblem { path, reason });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_recursively_skips_hidden_and_unknown_and_reports_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "a.txt",
            "sub/b.html",
            "sub/deeper/c.md",
            "skip.pdf",
            ".git/d.txt",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let (files, problems) = collect(&[root.to_path_buf(), root.join("missing.txt")]);
        let rel: Vec<String> = files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(rel, vec!["a.txt", "sub/b.html", "sub/deeper/c.md"]);
        assert!(problems.iter().any(|p| p.path.ends_with("missing.txt")));
        #[cfg(unix)]
        assert!(
            problems.iter().any(|p| p.reason.contains("loop")),
            "{problems:?}"
        );
    }
}
