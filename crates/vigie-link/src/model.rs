//! Fellegi–Sunter: per comparison level, m (how often true matches agree so) and u (how
//! often unrelated pairs do). u comes from random pairs of patients. m is estimated by EM
//! on the counts of agreement patterns (a few thousand distinct patterns, not millions of
//! pairs: it converges reliably and fast), separately within the pairs of each training
//! blocking rule, where the comparisons that rule makes agree are left out: otherwise the
//! look-alikes that blocking gathers (the people of one town, of one family) form a
//! cluster EM takes for the matches. Each comparison's m is the average of its estimates,
//! weighted by the matches each rule's EM found. The share of matches is then estimated
//! with m and u held, over the blocked pairs and a random sample standing for all the
//! unblocked ones, starting from the share high-precision rules call matches.

use serde::Serialize;
use std::collections::BTreeMap;

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

    /// Estimates m by EM within each training block and λ over all pairs, u given.
    /// `all`: every pattern with its count (the unblocked ones weighted); `sure`: the
    /// patterns high-precision rules call matches; `max_matches`: a leak row matches one
    /// patient at most.
    pub fn train(
        names: Vec<String>,
        levels: &[usize],
        u: Vec<Vec<f64>>,
        all: &BTreeMap<Vec<u8>, f64>,
        blocks: &[Block],
        sure: &dyn Fn(&[u8]) -> bool,
        max_matches: f64,
    ) -> Model {
        // The first m: the levels of the pairs high-precision rules call matches.
        let mut m: Vec<Vec<f64>> = levels.iter().map(|&n| vec![1.0; n]).collect();
        let mut sure_count = 0.0;
        for (p, &c) in all {
            if sure(p) {
                sure_count += c;
                for (f, &l) in p.iter().enumerate() {
                    m[f][l as usize] += c;
                }
            }
        }
        normalise(&mut m);
        let total: f64 = all.values().sum();
        let mut model = Model {
            names,
            m,
            u,
            lambda: (sure_count / total.max(1.0)).clamp(1e-9, 0.5),
            iterations: 0,
        };

        // m: EM within each training block, averaged by the matches each found.
        let mut sum: Vec<Vec<f64>> = levels.iter().map(|&n| vec![0.0; n]).collect();
        let mut weight = vec![0.0; levels.len()];
        for b in blocks {
            let (m_b, matches, it) = model.em_block(b);
            model.iterations += it;
            for f in 0..levels.len() {
                if !b.excluded[f] && matches > 0.0 {
                    weight[f] += matches;
                    for (s, v) in sum[f].iter_mut().zip(&m_b[f]) {
                        *s += matches * v;
                    }
                }
            }
        }
        for f in 0..levels.len() {
            if weight[f] > 0.0 {
                model.m[f] = sum[f].iter().map(|s| s / weight[f]).collect();
            }
        }

        // λ, m and u held.
        // A leak or registry with nothing to compare allows no match, and λ stays at its
        // floor rather than under it.
        let cap = (max_matches / total.max(1.0)).clamp(1e-12, 0.999);
        let patterns: Vec<(&Vec<u8>, f64, f64)> = all
            .iter()
            .map(|(p, &c)| (p, c, model.evidence(p, None)))
            .collect();
        for _ in 0..500 {
            let prior = model.prior_weight();
            let expected: f64 = patterns
                .iter()
                .map(|(_, c, e)| c * logistic(prior + e))
                .sum();
            let lambda = (expected / total.max(1.0)).clamp(1e-12, cap);
            model.iterations += 1;
            let change = (lambda - model.lambda).abs() / model.lambda;
            model.lambda = lambda;
            if change < 1e-6 {
                break;
            }
        }
        model
    }

    /// The weight of a pattern's levels, without the prior; `excluded` fields left out.
    fn evidence(&self, p: &[u8], excluded: Option<&[bool]>) -> f64 {
        p.iter()
            .enumerate()
            .filter(|(f, _)| excluded.is_none_or(|x| !x[*f]))
            .map(|(f, &l)| self.weight(f, l))
            .sum()
    }

    /// EM within one training block: m of the comparisons it does not exclude, the
    /// matches it found, and the iterations it took.
    fn em_block(&self, b: &Block) -> (Vec<Vec<f64>>, f64, usize) {
        let total: f64 = b.patterns.iter().map(|(_, c)| c).sum();
        if total <= 0.0 {
            return (self.m.clone(), 0.0, 0);
        }
        let mut local = self.clone();
        local.lambda = 0.5;
        let mut expected = 0.0;
        for it in 0..200 {
            let prior = local.prior_weight();
            let mut acc: Vec<Vec<f64>> = local.m.iter().map(|v| vec![0.0; v.len()]).collect();
            expected = 0.0;
            for (p, c) in &b.patterns {
                let r = logistic(prior + local.evidence(p, Some(&b.excluded)));
                expected += c * r;
                for (f, &l) in p.iter().enumerate() {
                    acc[f][l as usize] += c * r;
                }
            }
            let lambda = (expected / total).clamp(1e-6, 0.999);
            let mut change = (lambda - local.lambda).abs();
            for (f, a) in acc.iter().enumerate() {
                let present: f64 = a.iter().skip(1).sum();
                if b.excluded[f] || present <= 0.0 {
                    continue;
                }
                for l in 1..a.len() {
                    // A little smoothing so that no level is impossible.
                    let v = (a[l] + 0.01) / (present + 0.01 * (a.len() - 1) as f64);
                    change = change.max((v - local.m[f][l]).abs());
                    local.m[f][l] = v;
                }
            }
            local.lambda = lambda;
            if change < 1e-6 {
                return (local.m, expected, it + 1);
            }
        }
        (local.m, expected, 200)
    }
}

/// The pairs one training rule proposed, as pattern counts, and the comparisons its
/// pairs say nothing about.
pub struct Block {
    pub patterns: Vec<(Vec<u8>, f64)>,
    pub excluded: Vec<bool>,
}

fn logistic(w: f64) -> f64 {
    1.0 / (1.0 + (-w).exp2())
}

/// Each comparison's m over its present levels (level 0, missing, is neutral).
fn normalise(m: &mut [Vec<f64>]) {
    for v in m {
        v[0] = 0.0;
        let present: f64 = v.iter().sum();
        for x in v.iter_mut() {
            *x /= present;
        }
    }
}
