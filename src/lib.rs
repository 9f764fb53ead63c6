//! insats — field notes for family treatment workers.
//!
//! Layers, each knowing only the ones below it: [`domain`] → [`store`] →
//! [`app`] → `ui` → `main`.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod keymap;
pub mod store;
pub mod ui;
