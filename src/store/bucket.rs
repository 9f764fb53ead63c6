//! Buckets: a case's records of one kind kept [`PER`] to a sled value.
//!
//! sled's cost of opening a store, of its page table and of every insert
//! grows with the number of keys, not their bytes (its leaves hold 16
//! keys). A case of a hundred notes is seven values, not a hundred. Each
//! record in a bucket is still its own codec value (version, checksum,
//! bincode), so a damaged byte costs the record it falls in, as before; a
//! bucket whose framing is damaged is read as far as its records still
//! fit, never written over (a record written to it goes under its own
//! key), and named by `insats check`.
//!
//! A bucket's key is the case code, a zero byte, [`TAG`] and the number of
//! its first record (big endian). A record's own key (the case code, a zero
//! byte, its number: [`super::record_key`]) is what every caller still
//! speaks; only the store's trees hold buckets. The case records stay one
//! to a key (one per case, read by their keys alone). A store written
//! before buckets is moved into them once ([`Store::move_into_buckets`]),
//! and a record still under its own key is read as before.
//!
//! A bucket's value: [`MAGIC`] and a CRC32 of what follows, laid out as a
//! codec value's version and checksum are (so an insats from before
//! buckets reads it as a value of a newer format, and says to upgrade);
//! the number of records in it (u32, big endian), then for each record in
//! order of number its number and its length (u32, big endian) and its
//! bytes. Each record is checked by its own checksum; the bucket's is for
//! older readers only, so a damaged byte costs the one record it falls in.

use sled::IVec;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::error::{Abort, Damage};
use super::{Kind, Store, StoreError, record_key};

/// Records to a bucket.
pub const PER: u32 = 16;

/// After the case code's zero byte: a bucket, not a record. A record's own
/// key has its number there, whose first byte is 0xFF only past four
/// thousand million records.
const TAG: u8 = 0xFF;

/// The first two bytes of a bucket's value: read as a codec version (u16,
/// little endian), newer than any record's.
const MAGIC: [u8; 2] = [0xB1, 0x00];

/// The magic and the checksum.
const HEADER: usize = 6;

/// The key of the bucket that holds record `seq` of `case`.
pub fn key(case: &str, seq: u32) -> Vec<u8> {
    key_of(case.as_bytes(), seq)
}

fn key_of(case: &[u8], seq: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(case.len() + 6);
    k.extend_from_slice(case);
    k.push(0);
    k.push(TAG);
    k.extend_from_slice(&(seq - seq % PER).to_be_bytes());
    k
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
fn readable(first: u32, value: &[u8]) -> Vec<(u32, &[u8])> {
    walk(
        first,
        value.get(HEADER + 4..).unwrap_or_default(),
        PER as usize,
    )
    .0
}

/// A bucket's value from its records, in order of number.
fn framed<'a>(records: impl IntoIterator<Item = (u32, &'a [u8])>) -> Vec<u8> {
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

/// The bucket `value` (None: no bucket yet) with record `seq` put in or
/// replaced; None when the bucket's framing is damaged (it is then left as
/// it is, for `insats check --salvage` to read what it can).
pub fn with(value: Option<&[u8]>, seq: u32, record: &[u8]) -> Option<Vec<u8>> {
    with_all(value, seq - seq % PER, &[(seq, record)])
}

/// [`with`] for several records of the bucket whose first number is
/// `first`.
fn with_all(value: Option<&[u8]>, first: u32, records: &[(u32, &[u8])]) -> Option<Vec<u8>> {
    let mut list = match value {
        Some(v) => entries(first, v)?,
        None => Vec::new(),
    };
    for &(seq, record) in records {
        match list.binary_search_by_key(&seq, |(s, _)| *s) {
            Ok(i) => list[i].1 = record,
            Err(i) => list.insert(i, (seq, record)),
        }
    }
    Some(framed(list))
}

/// The bucket a record's own key goes to, None for a key that stays
/// itself (a case record's, or one not of a record).
pub(super) fn bucket_of(kind: Kind, key: &[u8]) -> Option<Vec<u8>> {
    match parse(key)? {
        Key::Record { case, seq } if kind != Kind::Case => Some(key_of(case, seq)),
        _ => None,
    }
}

/// In a transaction: writes `value` as record `key` (a record's own key)
/// of the tree of `kind`: into its bucket, and any copy of it still under
/// its own key let go of. A case record keeps its own key.
pub(super) fn put(
    tree: &TransactionalTree,
    kind: Kind,
    key: &[u8],
    value: &[u8],
) -> Result<(), ConflictableTransactionError<Abort>> {
    put_all(tree, kind, &[(key, value)])
}

/// [`put`] for records that all go to one bucket (or all keep their own
/// keys): the bucket read and written once.
pub(super) fn put_all(
    tree: &TransactionalTree,
    kind: Kind,
    records: &[(&[u8], &[u8])],
) -> Result<(), ConflictableTransactionError<Abort>> {
    let Some(bucket) = records.first().and_then(|(key, _)| bucket_of(kind, key)) else {
        for (key, value) in records {
            tree.insert(*key, *value)?;
        }
        return Ok(());
    };
    let mut list = Vec::with_capacity(records.len());
    let mut keys = Vec::with_capacity(records.len());
    for &(key, value) in records {
        match parse(key) {
            Some(Key::Record { seq, .. }) if bucket_of(kind, key).as_ref() == Some(&bucket) => {
                list.push((seq, value));
                keys.push(key);
            }
            // Not of this bucket (callers group them): on its own.
            _ => put_all(tree, kind, &[(key, value)])?,
        }
    }
    let first = list[0].0 - list[0].0 % PER;
    let old = tree.get(&bucket)?;
    let Some(new) = with_all(old.as_deref(), first, &list) else {
        // A bucket whose framing is damaged is never written over (what
        // can be read of it is read): the records go under their own keys,
        // which are read before it.
        for (key, value) in keys.iter().zip(&list) {
            tree.insert(*key, value.1)?;
        }
        return Ok(());
    };
    tree.insert(bucket, new)?;
    // Only a store not wholly moved into buckets has them there; removing
    // what is not there writes nothing.
    for key in keys {
        tree.remove(key)?;
    }
    Ok(())
}

/// One value read from a record tree: a record's bytes (its case and
/// number), or what could not be read.
pub(super) enum Read<'a> {
    Record {
        case: &'a [u8],
        seq: u32,
        bytes: &'a [u8],
    },
    Damaged(Damage),
}

/// Calls `each` with every record under `prefix` in the tree of `kind`,
/// bucket or not, in key order (a store not wholly moved into buckets may
/// give a case's records out of order). A page sled cannot read ends the
/// pass, after one [`Read::Damaged`].
pub(super) fn each<E>(
    store: &Store,
    kind: Kind,
    prefix: &[u8],
    mut each: impl FnMut(Read<'_>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in store.tree(kind).scan_prefix(prefix) {
        store.count_read(&entry);
        if !visit(kind, entry, &mut each)? {
            break;
        }
    }
    Ok(())
}

/// The entries of the whole tree of `kind` from past the key `after`,
/// given to `each` until it says to stop (false) or `piece` bytes were
/// read since sled was opened: then the key to go on from (None at the
/// end, or where `each` stopped). An entry sled cannot read has no key to
/// go on from: `each` must stop there (as [`visit`] does).
pub(super) fn entries_piece<E>(
    store: &Store,
    kind: Kind,
    after: Option<&[u8]>,
    piece: usize,
    mut each: impl FnMut(sled::Result<(IVec, IVec)>) -> Result<bool, E>,
) -> Result<Option<IVec>, E> {
    use std::ops::Bound::{Excluded, Unbounded};
    let tree = store.tree(kind);
    let entries = match after {
        Some(key) => tree.range::<&[u8], _>((Excluded(key), Unbounded)),
        None => tree.iter(),
    };
    for entry in entries {
        store.count_read(&entry);
        let key = entry.as_ref().ok().map(|(k, _)| k.clone());
        if !each(entry)? {
            break;
        }
        if store.read_since_open() >= piece {
            return Ok(key);
        }
    }
    Ok(None)
}

/// Gives `each` the records of one entry of the tree of `kind`; false when
/// the entry could not be read, which ends the pass.
pub(super) fn visit<E>(
    kind: Kind,
    entry: sled::Result<(IVec, IVec)>,
    each: &mut impl FnMut(Read<'_>) -> Result<(), E>,
) -> Result<bool, E> {
    let (key, value) = match entry {
        Ok(kv) => kv,
        Err(e) => {
            each(Read::Damaged(Damage {
                tree: kind.tree_name(),
                key: "…".into(),
                problem: StoreError::from(e).to_string(),
            }))?;
            return Ok(false);
        }
    };
    match parse(&key) {
        Some(Key::Record { case, seq }) => each(Read::Record {
            case,
            seq,
            bytes: &value,
        })?,
        Some(Key::Bucket { case, first }) => match entries(first, &value) {
            Some(list) => {
                for (seq, bytes) in list {
                    each(Read::Record { case, seq, bytes })?;
                }
            }
            None => {
                each(Read::Damaged(Damage {
                    tree: kind.tree_name(),
                    key: format!(
                        "{}/{first}–{}",
                        String::from_utf8_lossy(case),
                        first.saturating_add(PER - 1)
                    ),
                    problem: "these records' bucket is damaged; what of it can be read is read"
                        .into(),
                }))?;
                for (seq, bytes) in readable(first, &value) {
                    each(Read::Record { case, seq, bytes })?;
                }
            }
        },
        None => each(Read::Damaged(Damage {
            tree: kind.tree_name(),
            key: super::display_key(&key),
            problem: "not a record's key".into(),
        }))?,
    }
    Ok(true)
}

/// The bytes of record `seq` of `case` in the tree of `kind`.
pub(super) fn get(
    store: &Store,
    kind: Kind,
    case: &str,
    seq: u32,
) -> Result<Option<IVec>, StoreError> {
    let tree = store.tree(kind);
    // A record under its own key is the newer: one not yet moved into its
    // bucket, or written beside a bucket that is damaged.
    if let Some(own) = tree.get(record_key(case, seq))? {
        return Ok(Some(own));
    }
    if kind == Kind::Case {
        return Ok(None);
    }
    let Some(value) = tree.get(key(case, seq))? else {
        return Ok(None);
    };
    let first = seq - seq % PER;
    let list = entries(first, &value).unwrap_or_else(|| readable(first, &value));
    Ok(list
        .into_iter()
        .find(|(s, _)| *s == seq)
        .map(|(_, bytes)| IVec::from(bytes)))
}

/// Set in the tree of counters once every record is in its bucket.
const IN_BUCKETS: &[u8] = b"\0in buckets";

/// What one transaction of the move carries, about.
const MOVE_CHUNK: usize = 1 << 20;

impl Store {
    /// Moves every record still under its own key into its bucket (a store
    /// written before buckets), once: the case's records of a kind move in
    /// one transaction with their old keys' removal, so a move cut short
    /// leaves each record in one place, and is taken up at the next start.
    /// Returns how many records moved.
    pub fn move_into_buckets(&self) -> Result<usize, StoreError> {
        let seqs = &self.trees[super::SEQ_TREE];
        if seqs.contains_key(IN_BUCKETS)? {
            return Ok(0);
        }
        let mut moved = 0;
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Case) {
            let tree = self.tree(kind);
            let mut chunk: Vec<(IVec, IVec)> = Vec::new();
            let mut bytes = 0;
            let mut last_case: Vec<u8> = Vec::new();
            for entry in tree.iter() {
                let (key, value) = entry?;
                let Some(Key::Record { case, .. }) = parse(&key) else {
                    continue;
                };
                // Whole cases to a transaction, about a megabyte each.
                if bytes >= MOVE_CHUNK && case != last_case.as_slice() {
                    moved += self.move_chunk(kind, &chunk)?;
                    chunk.clear();
                    bytes = 0;
                }
                last_case = case.to_vec();
                bytes += key.len() + value.len();
                chunk.push((key, value));
            }
            if !chunk.is_empty() {
                moved += self.move_chunk(kind, &chunk)?;
            }
        }
        self.ensure_space(IN_BUCKETS.len())?;
        seqs.insert(IN_BUCKETS, &[1u8])?;
        self.flush()?;
        Ok(moved)
    }

    fn move_chunk(&self, kind: Kind, chunk: &[(IVec, IVec)]) -> Result<usize, StoreError> {
        self.ensure_space(chunk.iter().map(|(k, v)| k.len() + v.len()).sum())?;
        let tree = self.tree(kind).clone();
        let chunk = chunk.to_vec();
        self.write_within(move || {
            tree.transaction(|t| {
                for group in
                    chunk.chunk_by(|(a, _), (b, _)| bucket_of(kind, a) == bucket_of(kind, b))
                {
                    let records: Vec<(&[u8], &[u8])> = group
                        .iter()
                        .map(|(k, v)| (k.as_ref(), v.as_ref()))
                        .collect();
                    put_all(t, kind, &records)?;
                }
                Ok(())
            })?;
            Ok(chunk.len())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let v = with(None, 3, b"three").unwrap();
        let v = with(Some(&v), 1, b"one").unwrap();
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
        assert_eq!(with(Some(&long), 2, b"two"), None);
    }

    proptest! {
        /// Whatever is put in, in whatever order, a bucket gives back the
        /// last value of each number, in order of number.
        #[test]
        fn a_bucket_holds_the_last_value_of_each_number(
            puts in proptest::collection::vec((0u32..16, proptest::collection::vec(any::<u8>(), 0..40)), 1..40),
            base in 0u32..1000,
        ) {
            let first = base * PER;
            let mut value: Option<Vec<u8>> = None;
            let mut want = std::collections::BTreeMap::new();
            for (n, bytes) in &puts {
                value = Some(with(value.as_deref(), first + n, bytes).unwrap());
                want.insert(first + n, bytes.clone());
            }
            let value = value.unwrap();
            let got: Vec<(u32, Vec<u8>)> = entries(first, &value)
                .unwrap()
                .into_iter()
                .map(|(s, b)| (s, b.to_vec()))
                .collect();
            prop_assert_eq!(got, want.into_iter().collect::<Vec<_>>());
        }

        /// A frame cut short anywhere, or grown, is damaged, never read
        /// as fewer records.
        #[test]
        fn a_cut_frame_is_damaged(cut in 0usize..60, extra in 1usize..4) {
            let mut v = with(None, 2, b"a record's bytes").unwrap();
            v = with(Some(&v), 5, b"another").unwrap();
            prop_assert!(entries(0, &v).is_some());
            prop_assume!(cut < v.len());
            prop_assert_eq!(entries(0, &v[..cut]), None);
            let mut grown = v.clone();
            grown.extend(std::iter::repeat_n(0u8, extra));
            prop_assert_eq!(entries(0, &grown), None);
        }
    }
}
