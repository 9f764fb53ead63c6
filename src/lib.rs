//! insats — field notes for family treatment workers.
//!
//! Layers, each knowing only the ones below it: [`domain`] → [`store`] →
//! [`app`] → `ui` → `main`.

pub mod domain;
pub mod store;
