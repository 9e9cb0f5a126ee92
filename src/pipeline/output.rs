//! The directory a batch's results go to. Every result file is written
//! through it, atomically, and put in place only once the whole batch is
//! written, so a later version can write the set into a staging directory
//! and swap it in at [`ResultDir::commit`] without touching the exporters.

use super::BatchError;
use crate::report::files::AtomicFile;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The files and directories a batch writes; stale ones are removed before
/// a new batch writes, so none can sit beside new results.
const RESULT_FILES: [&str; 5] = [
    "summary.json",
    "report.md",
    "report.html",
    "shard.json",
    "runs.csv",
];
const CHARTS: &str = "charts";

/// A batch's result directory.
#[derive(Debug, Clone)]
pub(crate) struct ResultDir {
    dir: PathBuf,
}

/// Creates `dir` (and its parents), or fails with a usage error.
pub(crate) fn create_dir(dir: &Path) -> Result<(), BatchError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        BatchError::Usage(format!(
            "cannot create the output directory {}: {e}",
            dir.display()
        ))
    })
}

impl ResultDir {
    /// The results that will end up in `dir`.
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Where the results end up.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Creates the directory and removes a previous batch's results.
    pub(crate) fn prepare(&self) -> Result<(), BatchError> {
        create_dir(&self.dir)?;
        let removing =
            |path: &Path| super::io_error(format!("removing the old {}", path.display()));
        for name in RESULT_FILES {
            let path = self.dir.join(name);
            if path.is_file() {
                std::fs::remove_file(&path).map_err(removing(&path))?;
            }
        }
        let charts = self.charts();
        if charts.is_dir() {
            std::fs::remove_dir_all(&charts).map_err(removing(&charts))?;
        }
        Ok(())
    }

    /// The directory the charts are drawn into.
    pub(crate) fn charts(&self) -> PathBuf {
        self.dir.join(CHARTS)
    }

    /// A result file, created on its first byte.
    pub(crate) fn file(&self, name: &str) -> Sink {
        Sink {
            path: self.dir.join(name),
            file: None,
        }
    }

    /// Puts every written file in place, in order.
    pub(crate) fn commit(&self, files: Vec<Sink>) -> Result<(), BatchError> {
        files.into_iter().try_for_each(|f| {
            let path = f.path.clone();
            f.commit().map_err(super::writing(&path))
        })
    }
}

/// One result file being written under a temporary name.
#[derive(Debug)]
pub(crate) struct Sink {
    path: PathBuf,
    file: Option<AtomicFile>,
}

impl Sink {
    /// The file's final path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The open file, created if nothing was written yet.
    fn open(&mut self) -> io::Result<&mut AtomicFile> {
        let file = match self.file.take() {
            Some(file) => file,
            None => AtomicFile::create(&self.path)?,
        };
        Ok(self.file.insert(file))
    }

    /// Puts the file in place (an empty one if nothing was written).
    fn commit(self) -> io::Result<()> {
        match self.file {
            Some(file) => file.commit(),
            None => AtomicFile::create(&self.path)?.commit(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.open()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}
