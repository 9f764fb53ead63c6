//! `insats keys`: the keymap in force, as keymap TOML, one table per
//! context, that parses back to the same keymap.

use std::process::ExitCode;

use super::Fail;
use super::output::{self, Saved};
use crate::keymap::Keymap;

pub fn keys(keymap: &Keymap) -> Result<ExitCode, Fail> {
    output::text(&keymap.render_text(), Saved::Nothing)?;
    Ok(ExitCode::SUCCESS)
}
