//! insats — field notes for family treatment workers.
//!
//! Layers, each knowing only the ones below it: [`domain`] → [`store`] →
//! [`app`] → `ui` → `main`.

// Nested `if let`s read as the steps they are; let-chains are used where
// they read better, not everywhere clippy finds one.
#![allow(clippy::collapsible_if)]

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod keymap;
pub mod store;
pub mod ui;
