//! insats — field notes for family treatment workers.
//!
//! Layers, each knowing only the ones below it: [`domain`] → [`store`] →
//! [`report`] and [`editor`] → [`app`] → [`ui`] → [`cli`] (and `main`).
//! [`i18n`] holds the text catalogues every layer may read; [`action`],
//! below them, names what a key can ask for, so the catalogues can say it
//! in words; [`demo`] is the fictional caseload of `--demo` and the
//! screenshots; [`term`] is the terminal backend the screen draws through,
//! which knows none of the others.

// Nested `if let`s read as the steps they are; let-chains are used where
// they read better, not everywhere clippy finds one.
#![allow(clippy::collapsible_if)]

pub mod action;
pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod editor;
pub mod i18n;
pub mod keymap;
pub mod report;
pub mod store;
pub mod term;
pub mod ui;
