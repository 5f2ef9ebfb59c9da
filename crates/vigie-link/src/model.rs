//! Fellegi–Sunter: per comparison level, m (how often true matches agree so) and u (how
//! often unrelated pairs do). u comes from random pairs; the share of matches and m come
//! from EM over the counts of agreement patterns among the blocked pairs (a few thousand
//! distinct patterns, not millions of pairs: it converges reliably and fast).

use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Debug, Serialize)]
pub struct Model {
    /// Comparison names, in pattern order.
    pub names: Vec<String>,
    /// m[f][level], u[f][level]; level 0 (missing) is neutral.
    pub m: Vec<Vec<f64>>,
    pub u: Vec<Vec<f64>>,
    /// Prior probability that a blocked pair is a match.
    pub lambda: f64,
    pub iterations: usize,
}

impl Model {
    /// log2(m/u) of one level.
    pub fn weight(&self, f: usize, level: u8) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let l = level as usize;
        (self.m[f][l] / self.u[f][l]).log2()
    }

    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// Estimates m and λ by EM on pattern counts, u being given.
    pub fn train(
        names: Vec<String>,
        levels: &[usize],
        u: Vec<Vec<f64>>,
        patterns: &HashMap<Vec<u8>, u64>,
        lambda0: f64,
    ) -> Model {
        // Start: matches mostly agree at the top level.
        let m: Vec<Vec<f64>> = levels
            .iter()
            .map(|&n| {
                let mut v = vec![0.0; n];
                let top = n - 1;
                for (l, x) in v.iter_mut().enumerate().skip(1) {
                    *x = if l == top {
                        0.8
                    } else {
                        0.2 / (top - 1).max(1) as f64
                    };
                }
                v
            })
            .collect();
        let mut model = Model {
            names,
            m,
            u,
            lambda: lambda0.clamp(1e-6, 0.5),
            iterations: 0,
        };
        let patterns: Vec<(&Vec<u8>, f64)> = patterns.iter().map(|(p, c)| (p, *c as f64)).collect();
        let total: f64 = patterns.iter().map(|(_, c)| c).sum();
        for it in 0..200 {
            let mut sum_r = 0.0;
            let mut acc: Vec<Vec<f64>> = levels.iter().map(|&n| vec![0.0; n]).collect();
            let prior = model.prior_weight();
            for (p, c) in &patterns {
                let w: f64 = prior
                    + p.iter()
                        .enumerate()
                        .map(|(f, &l)| model.weight(f, l))
                        .sum::<f64>();
                let r = 1.0 / (1.0 + (-w).exp2());
                sum_r += c * r;
                for (f, &l) in p.iter().enumerate() {
                    acc[f][l as usize] += c * r;
                }
            }
            let lambda = (sum_r / total).clamp(1e-6, 0.999);
            let mut change = (lambda - model.lambda).abs();
            for (f, a) in acc.iter().enumerate() {
                let present: f64 = a.iter().skip(1).sum();
                if present <= 0.0 {
                    continue;
                }
                for l in 1..a.len() {
                    // A little smoothing so that no level is impossible.
                    let v = (a[l] + 0.01) / (present + 0.01 * (a.len() - 1) as f64);
                    change = change.max((v - model.m[f][l]).abs());
                    model.m[f][l] = v;
                }
            }
            model.lambda = lambda;
            model.iterations = it + 1;
            if change < 1e-6 {
                break;
            }
        }
        model
    }
}
