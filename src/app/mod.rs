//! The application: state and actions, no terminal.

pub mod demo;
