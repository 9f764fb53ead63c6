//! Buckets: how release 1 kept a case's records of one kind, [`PER`] to
//! a sled value, to save keys on a store of thousands of cases. A store
//! holds tens of cases now, and a record is one value under its own key
//! again. A store with buckets has them taken apart once, at open
//! ([`Store::take_buckets_apart`]); until then, and for a bucket whose
//! framing is damaged (left as it is, for `insats check` to name), they
//! are read here.
//!
//! A bucket's key is the case code, a zero byte, [`TAG`] and the number of
//! its first record (big endian). Its value: [`MAGIC`] and a CRC32 of what
//! follows; the number of records in it (u32, big endian), then for each
//! record in order of number its number and its length (u32, big endian)
//! and its bytes, each record a codec value with a checksum of its own.

use sled::IVec;

use super::{Kind, SEQ_TREE, Store, StoreError};

/// Records to a bucket.
pub const PER: u32 = 16;

/// After the case code's zero byte: a bucket, not a record. A record's own
/// key has its number there, whose first byte is 0xFF only past four
/// thousand million records.
const TAG: u8 = 0xFF;

/// The first two bytes of a bucket's value.
const MAGIC: [u8; 2] = [0xB1, 0x00];

/// The magic and the checksum.
const HEADER: usize = 6;

/// Set in the tree of counters once no whole bucket is left.
const TAKEN_APART: &[u8] = b"\0own keys";

/// Set by release 1 once every record was in its bucket.
const IN_BUCKETS: &[u8] = b"\0in buckets";

/// What one transaction of taking buckets apart carries, about.
const CHUNK: usize = 1 << 20;

/// The key of the bucket that holds record `seq` of `case`.
pub fn key(case: &str, seq: u32) -> Vec<u8> {
    [case.as_bytes(), &[0, TAG], &(seq - seq % PER).to_be_bytes()].concat()
}

/// What a key of a record tree names.
#[derive(Debug, PartialEq, Eq)]
pub enum Key<'a> {
    /// One record, under its own key.
    Record { case: &'a [u8], seq: u32 },
    /// The bucket whose first number is `first`.
    Bucket { case: &'a [u8], first: u32 },
}

impl<'a> Key<'a> {
    pub fn case(&self) -> &'a [u8] {
        match self {
            Key::Record { case, .. } | Key::Bucket { case, .. } => case,
        }
    }
}

/// Reads a key of a record tree; None when it is neither form. Case codes
/// hold no zero byte: the first one ends the code.
pub fn parse(key: &[u8]) -> Option<Key<'_>> {
    let zero = key.iter().position(|&b| b == 0)?;
    let (case, rest) = (&key[..zero], &key[zero + 1..]);
    match rest {
        [a, b, c, d] => Some(Key::Record {
            case,
            seq: u32::from_be_bytes([*a, *b, *c, *d]),
        }),
        [TAG, a, b, c, d] => Some(Key::Bucket {
            case,
            first: u32::from_be_bytes([*a, *b, *c, *d]),
        }),
        _ => None,
    }
}

/// The records of a bucket's value, (number, bytes) in order of number;
/// None when its framing is damaged (a length past its end, numbers out of
/// order or outside the bucket).
pub fn entries(first: u32, value: &[u8]) -> Option<Vec<(u32, &[u8])>> {
    if value.get(..2)? != MAGIC {
        return None;
    }
    let (count, rest) = value.get(HEADER..)?.split_first_chunk::<4>()?;
    let count = u32::from_be_bytes(*count) as usize;
    let (out, rest) = walk(first, rest, count);
    (out.len() == count && rest.is_empty()).then_some(out)
}

/// The first `most` records of `rest` while each one's number and length
/// fit, and what follows them.
fn walk(first: u32, mut rest: &[u8], most: usize) -> (Vec<(u32, &[u8])>, &[u8]) {
    let mut out: Vec<(u32, &[u8])> = Vec::with_capacity(most.min(PER as usize));
    while out.len() < most
        && let Some((head, tail)) = rest.split_first_chunk::<8>()
    {
        let seq = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let len = u32::from_be_bytes([head[4], head[5], head[6], head[7]]) as usize;
        if tail.len() < len
            || seq < first
            || seq - first >= PER
            || out.last().is_some_and(|(s, _)| *s >= seq)
        {
            break;
        }
        out.push((seq, &tail[..len]));
        rest = &tail[len..];
    }
    (out, rest)
}

/// What can still be read of a bucket whose framing is damaged: its records
/// from the first on, while each one's number and length fit (each is then
/// checked by its own checksum as it is decoded).
pub(super) fn readable(first: u32, value: &[u8]) -> Vec<(u32, &[u8])> {
    walk(
        first,
        value.get(HEADER + 4..).unwrap_or_default(),
        PER as usize,
    )
    .0
}

/// The bytes of record `seq` of `case` in the bucket `value` holding it:
/// all of a whole bucket, as far as it fits of a damaged one.
pub(super) fn record_in(value: &[u8], seq: u32) -> Option<IVec> {
    let first = seq - seq % PER;
    let list = entries(first, value).unwrap_or_else(|| readable(first, value));
    list.into_iter()
        .find(|(s, _)| *s == seq)
        .map(|(_, bytes)| IVec::from(bytes))
}

impl Store {
    /// Takes every whole bucket apart, once: its records go under their
    /// own keys (one already there is the newer: a release 1 store written
    /// beside a damaged bucket) and the bucket goes, in one transaction, so
    /// that a start cut short leaves each record in one place and the rest
    /// is taken up at the next start. A bucket whose framing is damaged is
    /// left as it is. Returns how many records moved.
    pub fn take_buckets_apart(&self) -> Result<usize, StoreError> {
        let seqs = &self.trees[SEQ_TREE];
        if seqs.contains_key(TAKEN_APART)? {
            return Ok(0);
        }
        let mut moved = 0;
        for kind in Kind::ALL {
            let mut chunk: Vec<(IVec, IVec)> = Vec::new();
            let mut bytes = 0;
            for entry in self.tree(kind).iter() {
                let (key, value) = entry?;
                let Some(Key::Bucket { first, .. }) = parse(&key) else {
                    continue;
                };
                if entries(first, &value).is_none() {
                    continue;
                }
                bytes += value.len();
                chunk.push((key, value));
                if bytes >= CHUNK {
                    moved += self.take_apart(kind, std::mem::take(&mut chunk))?;
                    bytes = 0;
                }
            }
            moved += self.take_apart(kind, chunk)?;
        }
        self.ensure_space(TAKEN_APART.len())?;
        seqs.insert(TAKEN_APART, &[1u8])?;
        seqs.remove(IN_BUCKETS)?;
        self.flush()?;
        Ok(moved)
    }

    fn take_apart(&self, kind: Kind, buckets: Vec<(IVec, IVec)>) -> Result<usize, StoreError> {
        if buckets.is_empty() {
            return Ok(0);
        }
        self.ensure_space(buckets.iter().map(|(k, v)| k.len() + v.len()).sum())?;
        let tree = self.tree(kind).clone();
        self.write_within(move || {
            let moved = tree.transaction(|t| {
                let mut moved = 0;
                for (key, value) in &buckets {
                    let Some(Key::Bucket { case, first }) = parse(key) else {
                        continue;
                    };
                    for (seq, bytes) in entries(first, value).unwrap_or_default() {
                        let own = super::record_key_bytes(case, seq);
                        if t.get(&own)?.is_none() {
                            t.insert(own, bytes)?;
                        }
                        moved += 1;
                    }
                    t.remove(key)?;
                }
                Ok::<_, sled::transaction::ConflictableTransactionError<super::Abort>>(moved)
            })?;
            Ok(moved)
        })
    }
}

/// A bucket's value from its records (release 1 wrote these; the tests
/// make stores of that release with them).
#[cfg(test)]
pub(crate) fn framed<'a>(records: impl IntoIterator<Item = (u32, &'a [u8])>) -> Vec<u8> {
    let mut out = vec![MAGIC[0], MAGIC[1], 0, 0, 0, 0, 0, 0, 0, 0];
    let mut count = 0u32;
    for (seq, bytes) in records {
        count += 1;
        out.extend_from_slice(&seq.to_be_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        out.extend_from_slice(bytes);
    }
    out[HEADER..HEADER + 4].copy_from_slice(&count.to_be_bytes());
    let crc = crc32fast::hash(&out[HEADER..]);
    out[2..HEADER].copy_from_slice(&crc.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::record_key;
    use proptest::prelude::*;

    #[test]
    fn a_key_says_which_form_it_is() {
        assert_eq!(
            parse(&record_key("2026-014", 37)),
            Some(Key::Record {
                case: b"2026-014",
                seq: 37
            })
        );
        assert_eq!(
            parse(&key("2026-014", 37)),
            Some(Key::Bucket {
                case: b"2026-014",
                first: 32
            })
        );
        assert_eq!(parse(b"2026-014"), None);
        assert_eq!(parse(b"2026-014\0\x01"), None);
    }

    #[test]
    fn a_case_s_buckets_sort_after_its_own_keys_and_before_the_next_case() {
        let mut keys = [
            key("2026-015", 0),
            record_key("2026-014", 40),
            key("2026-014", 17),
            key("2026-014", 3),
            record_key("2026-015", 2),
        ];
        keys.sort();
        let cases: Vec<&[u8]> = keys.iter().map(|k| parse(k).unwrap().case()).collect();
        assert_eq!(cases[..3], [b"2026-014"; 3]);
        assert_eq!(keys[1], key("2026-014", 0));
    }

    #[test]
    fn a_damaged_frame_is_no_bucket() {
        let v = framed([(1, &b"one"[..]), (3, &b"three"[..])]);
        assert_eq!(
            entries(0, &v).unwrap(),
            vec![(1, &b"one"[..]), (3, &b"three"[..])]
        );
        // A length past the end, a bucket of other numbers, another magic.
        let mut long = v.clone();
        long[HEADER + 4 + 7] = 0x7F;
        assert_eq!(entries(0, &long), None);
        assert_eq!(entries(16, &v), None);
        assert_eq!(entries(0, &v[1..]), None);
        let mut more = v.clone();
        more[HEADER + 3] = 3;
        assert_eq!(entries(0, &more), None);
    }

    proptest! {
        /// A frame cut short anywhere, or grown, is damaged, never read
        /// as fewer records.
        #[test]
        fn a_cut_frame_is_damaged(cut in 0usize..60, extra in 1usize..4) {
            let v = framed([(2, &b"a record's bytes"[..]), (5, &b"another"[..])]);
            prop_assert!(entries(0, &v).is_some());
            prop_assume!(cut < v.len());
            prop_assert_eq!(entries(0, &v[..cut]), None);
            let mut grown = v.clone();
            grown.extend(std::iter::repeat_n(0u8, extra));
            prop_assert_eq!(entries(0, &grown), None);
        }
    }
}
