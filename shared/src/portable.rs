//! The answers as a short URL-safe string, to reopen a result or carry it
//! to an adviser without any server.
//!
//! Layout (bytes, then base64url without padding): questionnaire version,
//! trade, headcount, chamber, network (each an option index + 1, 0 = not
//! answered), goals as a 16-bit mask, commune code length and ASCII, then
//! one 4-bit answer index + 1 per question in questionnaire order, and a
//! checksum byte so a mistyped code is refused rather than misread.

use crate::questionnaire::{Chamber, Questionnaire};
use crate::scoring::{Answers, Profile};
use thiserror::Error;

/// Why a code could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PortableError {
    #[error("the code contains characters that are not allowed")]
    Encoding,
    #[error("the code is incomplete or was mistyped")]
    Corrupted,
    #[error(
        "the code was made with questionnaire version {found}, this one is version {expected}"
    )]
    WrongVersion { found: u8, expected: u8 },
}

const CHAMBERS: [Chamber; 3] = [Chamber::Cci, Chamber::Cma, Chamber::DontKnow];

/// Encodes the answers; ids unknown to the questionnaire are left out.
pub fn encode(q: &Questionnaire, answers: &Answers) -> String {
    let p = &answers.profile;
    let index = |pos: Option<usize>| pos.map_or(0, |i| (i + 1).min(255) as u8);
    let mut bytes = vec![q.version as u8];
    bytes.push(index(p.trade.as_ref().and_then(|t| {
        q.profile.trade.options.iter().position(|o| &o.id == t)
    })));
    bytes.push(index(p.headcount.as_ref().and_then(|t| {
        q.profile.headcount.options.iter().position(|o| &o.id == t)
    })));
    bytes.push(index(
        p.chamber
            .and_then(|c| CHAMBERS.iter().position(|x| *x == c)),
    ));
    bytes.push(index(p.network.as_ref().and_then(|t| {
        q.profile.network.options.iter().position(|o| &o.id == t)
    })));
    let goals = q
        .profile
        .goals
        .options
        .iter()
        .take(16)
        .enumerate()
        .filter(|(_, g)| p.goals.contains(&g.id))
        .fold(0u16, |m, (i, _)| m | (1 << i));
    bytes.extend_from_slice(&goals.to_le_bytes());
    let commune = p
        .commune
        .as_deref()
        .filter(|c| c.len() <= 8 && c.is_ascii())
        .unwrap_or("");
    bytes.push(commune.len() as u8);
    bytes.extend_from_slice(commune.as_bytes());
    let nibbles: Vec<u8> = q
        .questions()
        .map(|(_, question)| {
            answers
                .responses
                .get(&question.id)
                .and_then(|a| question.answers.iter().position(|o| &o.id == a))
                .map_or(0, |i| (i + 1).min(15) as u8)
        })
        .collect();
    for pair in nibbles.chunks(2) {
        bytes.push(pair[0] | pair.get(1).copied().unwrap_or(0) << 4);
    }
    bytes.push(checksum(&bytes));
    crate::base64url::encode(&bytes)
}

/// Reads a code made by [`encode`] with the same questionnaire version.
pub fn decode(q: &Questionnaire, code: &str) -> Result<Answers, PortableError> {
    let bytes = crate::base64url::decode(code.trim().trim_start_matches('#'))
        .ok_or(PortableError::Encoding)?;
    let (&sum, body) = bytes.split_last().ok_or(PortableError::Corrupted)?;
    if checksum(body) != sum {
        return Err(PortableError::Corrupted);
    }
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let version = r.byte()?;
    if u32::from(version) != q.version {
        return Err(PortableError::WrongVersion {
            found: version,
            expected: q.version as u8,
        });
    }
    let pick = |i: u8, ids: Vec<&String>| -> Result<Option<String>, PortableError> {
        match i {
            0 => Ok(None),
            i => ids
                .get(usize::from(i) - 1)
                .map(|s| Some(s.to_string()))
                .ok_or(PortableError::Corrupted),
        }
    };
    let trade = pick(
        r.byte()?,
        q.profile.trade.options.iter().map(|o| &o.id).collect(),
    )?;
    let headcount = pick(
        r.byte()?,
        q.profile.headcount.options.iter().map(|o| &o.id).collect(),
    )?;
    let chamber = match r.byte()? {
        0 => None,
        i => Some(
            *CHAMBERS
                .get(usize::from(i) - 1)
                .ok_or(PortableError::Corrupted)?,
        ),
    };
    let network = pick(
        r.byte()?,
        q.profile.network.options.iter().map(|o| &o.id).collect(),
    )?;
    let mask = u16::from_le_bytes([r.byte()?, r.byte()?]);
    let goals = q
        .profile
        .goals
        .options
        .iter()
        .take(16)
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, g)| g.id.clone())
        .collect();
    let len = usize::from(r.byte()?);
    let commune = match len {
        0 => None,
        _ => {
            let raw = r.take(len)?;
            if !raw.iter().all(u8::is_ascii_alphanumeric) {
                return Err(PortableError::Corrupted);
            }
            Some(String::from_utf8_lossy(raw).into_owned())
        }
    };
    let mut answers = Answers {
        profile: Profile {
            trade,
            headcount,
            commune,
            chamber,
            network,
            goals,
        },
        ..Answers::default()
    };
    let questions: Vec<_> = q.questions().map(|(_, question)| question).collect();
    let packed = r.take(questions.len().div_ceil(2))?;
    if r.pos != body.len() {
        return Err(PortableError::Corrupted);
    }
    for (i, question) in questions.iter().enumerate() {
        let nibble = (packed[i / 2] >> ((i % 2) * 4)) & 0x0f;
        if nibble == 0 {
            continue;
        }
        let option = question
            .answers
            .get(usize::from(nibble) - 1)
            .ok_or(PortableError::Corrupted)?;
        answers
            .responses
            .insert(question.id.clone(), option.id.clone());
    }
    Ok(answers)
}

fn checksum(bytes: &[u8]) -> u8 {
    // Fletcher-style: catches swapped as well as changed characters.
    let (mut a, mut b) = (0u8, 0u8);
    for &x in bytes {
        a = a.wrapping_add(x);
        b = b.wrapping_add(a);
    }
    a ^ b.rotate_left(3)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, PortableError> {
        Ok(self.take(1)?[0])
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PortableError> {
        let out = self
            .bytes
            .get(self.pos..self.pos + n)
            .ok_or(PortableError::Corrupted)?;
        self.pos += n;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::tests::{answer_all, dont_know, q, worst};
    use proptest::prelude::*;

    fn sample() -> Answers {
        let mut a = answer_all(worst);
        a.profile = Profile {
            trade: Some("beaute".into()),
            headcount: Some("2-4".into()),
            commune: Some("62041".into()),
            chamber: Some(Chamber::Cma),
            network: Some("independent".into()),
            goals: vec!["more_customers".into(), "be_protected".into()],
        };
        a
    }

    #[test]
    fn a_full_diagnostic_fits_in_a_short_code() {
        let code = encode(q(), &sample());
        println!("portable code: {} characters", code.len());
        assert!(code.len() <= 48, "{code}");
        assert!(code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(q(), &code).unwrap(), sample());
        assert_eq!(
            decode(q(), &format!("#{code}")).unwrap(),
            sample(),
            "a URL fragment reads too"
        );
    }

    #[test]
    fn an_empty_diagnostic_round_trips() {
        let empty = Answers::default();
        assert_eq!(decode(q(), &encode(q(), &empty)).unwrap(), empty);
        let all_dont_know = answer_all(dont_know);
        assert_eq!(
            decode(q(), &encode(q(), &all_dont_know)).unwrap(),
            all_dont_know
        );
    }

    #[test]
    fn a_mistyped_code_is_refused_not_misread() {
        let code = encode(q(), &sample());
        let mut chars: Vec<char> = code.chars().collect();
        let i = chars.len() / 2;
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(decode(q(), &typo), Err(PortableError::Corrupted));
        assert_eq!(
            decode(q(), &code[..code.len() - 4]),
            Err(PortableError::Corrupted)
        );
        assert_eq!(decode(q(), "not a code!"), Err(PortableError::Encoding));
        assert_eq!(decode(q(), ""), Err(PortableError::Corrupted));
    }

    #[test]
    fn a_code_from_another_questionnaire_version_says_so() {
        let mut other = q().clone();
        other.version += 1;
        let code = encode(&other, &sample());
        assert!(matches!(
            decode(q(), &code),
            Err(PortableError::WrongVersion { .. })
        ));
    }

    fn ids<O>(options: &[O], id: impl Fn(&O) -> &String) -> Vec<String> {
        options.iter().map(|o| id(o).clone()).collect()
    }

    fn arb_answers() -> impl Strategy<Value = Answers> {
        let q = q();
        let per_question: Vec<_> = q
            .questions()
            .map(|(_, question)| {
                let ids: Vec<String> = question.answers.iter().map(|a| a.id.clone()).collect();
                prop::option::of(prop::sample::select(ids)).prop_map({
                    let id = question.id.clone();
                    move |a| (id.clone(), a)
                })
            })
            .collect();
        let trades = ids(&q.profile.trade.options, |o| &o.id);
        let bands = ids(&q.profile.headcount.options, |o| &o.id);
        let networks = ids(&q.profile.network.options, |o| &o.id);
        let goals = ids(&q.profile.goals.options, |o| &o.id);
        (
            per_question,
            prop::option::of(prop::sample::select(trades)),
            prop::option::of(prop::sample::select(bands)),
            prop::option::of(prop::sample::select(CHAMBERS.to_vec())),
            prop::option::of(prop::sample::select(networks)),
            prop::sample::subsequence(goals.clone(), 0..=goals.len()),
            prop::option::of("[0-9][0-9AB][0-9]{3}"),
        )
            .prop_map(
                |(responses, trade, headcount, chamber, network, goals, commune)| Answers {
                    profile: Profile {
                        trade,
                        headcount,
                        commune,
                        chamber,
                        network,
                        goals,
                    },
                    responses: responses
                        .into_iter()
                        .filter_map(|(q, a)| Some((q, a?)))
                        .collect(),
                },
            )
    }

    proptest! {
        #[test]
        fn any_answers_round_trip(a in arb_answers()) {
            prop_assert_eq!(decode(q(), &encode(q(), &a)).unwrap(), a);
        }

        #[test]
        fn any_string_decodes_or_fails_cleanly(s in "[A-Za-z0-9_-]{0,60}") {
            let _ = decode(q(), &s);
        }
    }
}
