//! M/M/1 queue on the astromine engine, compared with its closed form.
//!
//! `cargo run --release --example mm1 [CUSTOMERS]` prints, at ρ = 0.5 and
//! ρ = 0.9, the simulated mean wait in queue and utilisation with 95%
//! batch-means intervals beside Wq = λ/(μ(μ−λ)) and ρ = λ/μ.

use astromine::engine::mm1::Mm1;
use astromine::engine::rng::Streams;
use astromine::stats::batch_means;

fn main() -> anyhow::Result<()> {
    let customers: u64 = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 2_000_000,
    };
    let mu = 1.0;
    println!("M/M/1, mu = {mu}, {customers} customers, 20 batch means, 95% intervals");
    for lambda in [0.5, 0.9] {
        let trace = Mm1::new(lambda, mu, customers, &Streams::new(1, 0))
            .ok_or_else(|| anyhow::anyhow!("rates must be positive"))?
            .simulate()?;
        let warmup = trace.waits.len() / 10;
        let waits = batch_means(&trace.waits[warmup..], 20, 0.95)
            .ok_or_else(|| anyhow::anyhow!("too few customers for 20 batches"))?;
        let (t_end, busy) = trace.departures.last().copied().unwrap_or((1.0, 0.0));
        let wq = lambda / (mu * (mu - lambda));
        println!(
            "rho = {:.2}: Wq simulated {:.4} [{:.4}, {:.4}], theory {:.4}; utilisation {:.4}, theory {:.4}",
            lambda / mu,
            waits.mean,
            waits.low,
            waits.high,
            wq,
            busy / t_end,
            lambda / mu
        );
    }
    Ok(())
}
