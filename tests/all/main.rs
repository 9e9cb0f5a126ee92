//! Integration tests, one binary: engine, random streams, scenario format, CLI.

mod cli;
mod engine;
mod font;
mod mm1;
mod rng;
mod scenario;
