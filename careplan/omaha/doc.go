// Package omaha holds the Omaha System, the public-domain taxonomy that
// neighbourhood nurses use to document care, and the lookups and checks a
// care plan needs to use it correctly.
//
// The Omaha System has three parts:
//
//   - The Problem Classification Scheme sorts what a client needs help with
//     into 4 domains (Environmental, Psychosocial, Physiological,
//     Health-related behaviors) and 42 problems, such as "Skin" or
//     "Medication regimen". When a nurse records a problem for a client she
//     adds two modifiers: the scope (does it concern the individual, the
//     family or the community?) and the severity (health promotion,
//     potential, or actual). Each problem has its own list of
//     signs/symptoms; an actual problem is recorded with at least one of
//     them, a potential or health-promotion problem with none.
//   - The Intervention Scheme describes what the nurse does about a
//     problem: a category (one of 4, such as Surveillance), a target (one of
//     75, such as "dressing change/wound care", or "other") and a care
//     description written for this client.
//   - The Problem Rating Scale for Outcomes rates each problem on three
//     scales, Knowledge, Behavior and Status, from 1 (worst) to 5 (best),
//     at admission, at reviews and at discharge. The change between ratings
//     is the outcome of care.
//
// The taxonomy is embedded in the package (omaha-system.json), parsed once
// when the package is loaded, and never changes; every function here is
// safe for concurrent use and returns copies.
//
// Codes: problems carry the codes "01" to "42" and targets "01" to "76", in
// the order of the embedded file (problems in domain order, targets
// alphabetical with "other" last). They are positions in this taxonomy,
// stable within wijk, and not official Omaha System numbers. Terms keep the
// US spelling of the source.
//
// "Other": the sign/symptom lists here leave out the entry "other" that
// every problem has in the source; any problem accepts the sign [Other]
// together with a free-text description, which the caller keeps (package
// careplan does). The target list does include "other" (code "76").
//
// Source: Martin KS (2005). The Omaha System: A Key to Practice,
// Documentation, and Information Management (2nd ed.). St. Louis: Elsevier
// Saunders; Appendix A. The terms are in the public domain; cite this source
// when using them.
package omaha
