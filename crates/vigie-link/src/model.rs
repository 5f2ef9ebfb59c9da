//! Fellegi–Sunter: per comparison level, m (how often true matches agree so) and u (how
//! often unrelated pairs do). u comes from random pairs; the share of matches and m come
//! from EM over the counts of agreement patterns (a few thousand distinct patterns, not
//! millions of pairs: it converges reliably and fast). The patterns are those of the
//! blocked pairs plus those of the random sample, weighted to stand for every pair no
//! rule blocked: EM then sees the whole population, as u does, and does not take the
//! look-alikes that blocking gathers (same town, same family) for the matches. It starts
//! from the pairs high-precision rules call matches.

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
        patterns: &HashMap<Vec<u8>, f64>,
        sure: &dyn Fn(&[u8]) -> bool,
        max_matches: f64,
    ) -> Model {
        // Start from the pairs that high-precision rules call matches: their share is the
        // first λ and their levels the first m. Starting from a generic guess, EM can
        // settle on another cluster (people of the same town) and call it the matches.
        let mut m: Vec<Vec<f64>> = levels.iter().map(|&n| vec![1.0; n]).collect();
        let mut sure_count = 0.0;
        for (p, &c) in patterns {
            if sure(p) {
                sure_count += c;
                for (f, &l) in p.iter().enumerate() {
                    m[f][l as usize] += c;
                }
            }
        }
        for v in &mut m {
            v[0] = 0.0;
            let present: f64 = v.iter().sum();
            for x in v.iter_mut() {
                *x /= present;
            }
        }
        let total: f64 = patterns.values().sum();
        let lambda0 = (sure_count / total.max(1.0)).max(1e-4);
        let mut model = Model {
            names,
            m,
            u,
            lambda: lambda0.clamp(1e-6, 0.5),
            iterations: 0,
        };
        let patterns: Vec<(&Vec<u8>, f64)> = patterns.iter().map(|(p, c)| (p, *c)).collect();
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
            // A leak row matches one patient at most: more matches than rows means EM has
            // taken a cluster of look-alikes (same town, same family) for the matches.
            let lambda = (sum_r / total).clamp(1e-6, (max_matches / total).min(0.999));
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
