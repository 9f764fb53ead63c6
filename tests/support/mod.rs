//! Shared helpers for the integration tests. Include with `mod support;`.
//!
//! Each test file uses only part of this, hence the allowances below.
#![allow(dead_code, unused_imports)]

pub mod pty;

pub use pty::Pty;
