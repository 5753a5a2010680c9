//! Test data readers and generators shared by the screening tests (and the bench, by path).
#![allow(dead_code)]

pub mod cpu;
pub mod respell;
pub mod synth;
pub mod un;
