//! The value format of every stored record:
//!
//! ```text
//! [format version: u16 LE][CRC32 of the payload: u32 LE][payload: bincode 2]
//! ```
//!
//! The payload is bincode's standard configuration through serde, with a
//! size limit, and every byte must be consumed. An older version is migrated
//! on read; a newer, damaged or undecodable value is an error, never a panic.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The format written today.
pub const FORMAT_VERSION: u16 = 1;

/// No record may decode to more than this (a 1 MB paste fits many times).
pub const SIZE_LIMIT: usize = 32 * 1024 * 1024;

const HEADER: usize = 6;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<SIZE_LIMIT>()
}

/// Why a stored value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    TooShort(usize),
    /// Written by a newer insats than this one.
    Newer(u16),
    /// A version this build has no reader for.
    Unknown(u16),
    Checksum {
        stored: u32,
        computed: u32,
    },
    Decode(String),
    Trailing(usize),
    Encode(String),
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodecError::TooShort(n) => write!(f, "value is {n} bytes, too short for a record"),
            CodecError::Newer(v) => write!(
                f,
                "written by a newer insats (format {v}); upgrade to read it"
            ),
            CodecError::Unknown(v) => write!(f, "unknown format version {v}"),
            CodecError::Checksum { stored, computed } => {
                write!(
                    f,
                    "checksum mismatch (stored {stored:08x}, computed {computed:08x})"
                )
            }
            CodecError::Decode(e) => write!(f, "cannot decode: {e}"),
            CodecError::Trailing(n) => write!(f, "{n} unexpected bytes after the record"),
            CodecError::Encode(e) => write!(f, "cannot encode: {e}"),
        }
    }
}

impl std::error::Error for CodecError {}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let payload = bincode::serde::encode_to_vec(value, config())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(framed(&payload))
}

/// The header, then `payload`.
fn framed(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let payload = payload(bytes)?;
    let (value, used) = bincode::serde::decode_from_slice(payload, config())
        .map_err(|e| CodecError::Decode(e.to_string()))?;
    whole(payload, used)?;
    Ok(value)
}

/// The payload of a value whose header and checksum are right.
fn payload(bytes: &[u8]) -> Result<&[u8], CodecError> {
    if bytes.len() < HEADER {
        return Err(CodecError::TooShort(bytes.len()));
    }
    let version = u16::from_le_bytes([bytes[0], bytes[1]]);
    let stored = u32::from_le_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]);
    let payload = &bytes[HEADER..];
    let computed = crc32fast::hash(payload);
    if stored != computed {
        return Err(CodecError::Checksum { stored, computed });
    }
    match version {
        // Version 1 is today's format. When the format changes, the old
        // reader stays here and migrates into the new types; the fixtures in
        // tests/fixtures/v1 prove it still reads.
        1 => Ok(payload),
        v if v > FORMAT_VERSION => Err(CodecError::Newer(v)),
        v => Err(CodecError::Unknown(v)),
    }
}

/// Every byte of the payload was read.
fn whole(payload: &[u8], used: usize) -> Result<(), CodecError> {
    if used != payload.len() {
        return Err(CodecError::Trailing(payload.len() - used));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
    struct Sample {
        text: String,
        n: u32,
        list: Vec<Option<i64>>,
    }

    fn sample() -> Sample {
        Sample {
            text: "Åsa såg älgen öka".into(),
            n: 7,
            list: vec![Some(-1), None],
        }
    }

    #[test]
    fn round_trip_and_header() {
        let bytes = encode(&sample()).unwrap();
        assert_eq!(&bytes[..2], &[1, 0]);
        assert_eq!(decode::<Sample>(&bytes).unwrap(), sample());
    }

    #[test]
    fn every_damage_is_an_error() {
        let bytes = encode(&sample()).unwrap();
        assert_eq!(decode::<Sample>(&bytes[..3]), Err(CodecError::TooShort(3)));
        let mut newer = bytes.clone();
        newer[0] = 2;
        assert_eq!(decode::<Sample>(&newer), Err(CodecError::Newer(2)));
        let mut zero = bytes.clone();
        zero[0] = 0;
        assert_eq!(decode::<Sample>(&zero), Err(CodecError::Unknown(0)));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(matches!(
            decode::<Sample>(&flipped),
            Err(CodecError::Checksum { .. })
        ));
        // Extra bytes with a matching checksum are still refused.
        let mut longer = encode(&sample()).unwrap()[HEADER..].to_vec();
        longer.push(0);
        let mut framed = FORMAT_VERSION.to_le_bytes().to_vec();
        framed.extend_from_slice(&crc32fast::hash(&longer).to_le_bytes());
        framed.extend_from_slice(&longer);
        assert_eq!(decode::<Sample>(&framed), Err(CodecError::Trailing(1)));
    }

    #[test]
    fn a_huge_length_prefix_is_refused_not_allocated() {
        // A string claiming u64::MAX bytes, with a valid checksum.
        let payload = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        let mut framed = FORMAT_VERSION.to_le_bytes().to_vec();
        framed.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        framed.extend_from_slice(&payload);
        assert!(matches!(
            decode::<String>(&framed),
            Err(CodecError::Decode(_))
        ));
    }

    proptest! {
        #[test]
        fn any_value_round_trips(text in ".*", n in any::<u32>(), list in proptest::collection::vec(proptest::option::of(any::<i64>()), 0..8)) {
            let s = Sample { text, n, list };
            prop_assert_eq!(decode::<Sample>(&encode(&s).unwrap()).unwrap(), s);
        }

        #[test]
        fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode::<Sample>(&bytes);
        }

        #[test]
        fn any_single_bit_flip_is_caught(flip in 0usize..1000, bit in 0u8..8) {
            let bytes = encode(&sample()).unwrap();
            let mut damaged = bytes.clone();
            let i = flip % damaged.len();
            damaged[i] ^= 1 << bit;
            prop_assert!(decode::<Sample>(&damaged).is_err());
        }
    }
}
