//! Progress on stderr while `up` and `teardown` wait: indicatif spinners on a terminal, plain
//! lines otherwise (CI logs). stdout stays clean for `-o json`. Also the one way efsctl writes to
//! stderr, so a closed stderr never stops a command.
//!
//! Each tracked item prints only when its state changes, so logs stay short while AWS takes
//! minutes. Bars are cleared when the `Progress` is dropped, on every exit path.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Writes to stderr, ignoring failures. A closed stderr (`efsctl up 2>&1 | head`) must not stop
/// a command half-way, as `eprint!` would by panicking; what is lost is only commentary.
pub fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// [`to_stderr`] with a newline.
pub fn line_to_stderr(line: &str) {
    to_stderr(&format!("{line}\n"));
}

pub struct Progress {
    bars: Option<MultiProgress>,
    items: Mutex<HashMap<String, Item>>,
    started: Instant,
    verbose: bool,
}

struct Item {
    label: String,
    state: String,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Spinners when stderr is a terminal, plain lines otherwise.
    pub fn new(verbose: bool) -> Self {
        let bars = std::io::stderr()
            .is_terminal()
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Progress {
            bars,
            items: Mutex::new(HashMap::new()),
            started: Instant::now(),
            verbose,
        }
    }

    /// Plain lines only, whatever stderr is; for tests.
    pub fn plain(verbose: bool) -> Self {
        Progress {
            bars: None,
            items: Mutex::new(HashMap::new()),
            started: Instant::now(),
            verbose,
        }
    }

    /// A line above the spinners.
    pub fn println(&self, line: &str) {
        match &self.bars {
            Some(m) => {
                let _ = m.println(line);
            }
            None => line_to_stderr(line),
        }
    }

    /// A detail shown with -v only.
    pub fn detail(&self, line: &str) {
        if self.verbose {
            self.println(line);
        }
    }

    /// Records `key`'s state; shows it if it changed.
    pub fn set(&self, key: &str, label: &str, state: &str) {
        let mut items = self.items.lock().expect("progress lock");
        let item = items.entry(key.to_string()).or_insert_with(|| Item {
            label: label.to_string(),
            state: String::new(),
            bar: self.bars.as_ref().map(|m| {
                let bar = m.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                        .expect("valid template"),
                );
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            }),
        });
        if item.state == state {
            return;
        }
        item.state = state.to_string();
        match &item.bar {
            Some(bar) => bar.set_message(format!("{}: {state}", item.label)),
            None => line_to_stderr(&format!(
                "[{:>5.1}s] {}: {state}",
                self.started.elapsed().as_secs_f64(),
                item.label
            )),
        }
    }

    /// Marks `key` done with a final state; its spinner becomes a static line.
    pub fn done(&self, key: &str, label: &str, state: &str) {
        self.set(key, label, state);
        if let Some(item) = self.items.lock().expect("progress lock").get(key) {
            if let Some(bar) = &item.bar {
                bar.finish_with_message(format!("{}: {state}", item.label));
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(m) = &self.bars {
            let _ = m.clear();
        }
    }
}
