//! Messages and numbers written as text without `core::fmt`: [`text!`] joins
//! pieces (strings, characters, integers, zero-padded numbers) into a
//! `String`.
//!
//! std's `format!` and `to_string` go through `core::fmt::write` and a
//! `Formatter`, which bring the whole formatting machinery into the wasm;
//! these writers are a few small functions. Integers are written through
//! `u64` (`i64` with a sign): the wasm has no 128-bit formatting to carry.

/// Something a message can hold, written as text.
pub trait Piece {
    /// Appends this piece's text to `out`.
    fn push_to(&self, out: &mut String);
}

/// A `String` of the pieces, in order:
/// `text!["deadline exceeded after ", ms, " ms"]`.
///
/// Each piece is any [`Piece`]: `&str`, `String`, `char`, an integer, or a
/// [`zero_padded`] number. It writes what `format!` writes for `{}` of the
/// same values.
///
/// ```ignore
/// use crate::core::text::text;
/// assert_eq!(text!["frame of ", 12u64, " bytes"], "frame of 12 bytes");
/// ```
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out = ::std::string::String::new();
        $($crate::core::text::Piece::push_to(&$piece, &mut out);)*
        out
    }};
}
pub(crate) use text;

// The pieces of text are written in place (`inline(always)`): each is one
// `push_str` at the call site, not a call through a reference on the stack.
impl Piece for str {
    #[inline(always)]
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    #[inline(always)]
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    #[inline(always)]
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    #[inline(always)]
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

/// The unsigned integers: their decimal digits.
macro_rules! unsigned_pieces {
    ($($ty:ty),*) => {$(
        impl Piece for $ty {
            fn push_to(&self, out: &mut String) {
                push_decimal(out, u64::from(*self), 1);
            }
        }
    )*};
}
unsigned_pieces!(u8, u16, u32);

impl Piece for u64 {
    fn push_to(&self, out: &mut String) {
        push_decimal(out, *self, 1);
    }
}

impl Piece for usize {
    fn push_to(&self, out: &mut String) {
        // At most 64 bits on every target Rust supports.
        push_decimal(out, *self as u64, 1);
    }
}

/// The signed integers: `-` when negative, then their decimal digits.
macro_rules! signed_pieces {
    ($($ty:ty),*) => {$(
        impl Piece for $ty {
            fn push_to(&self, out: &mut String) {
                zero_padded(i64::from(*self), 1).push_to(out);
            }
        }
    )*};
}
signed_pieces!(i8, i16, i32);

impl Piece for i64 {
    fn push_to(&self, out: &mut String) {
        zero_padded(*self, 1).push_to(out);
    }
}

impl Piece for isize {
    fn push_to(&self, out: &mut String) {
        zero_padded(*self as i64, 1).push_to(out);
    }
}

/// A number written with at least `digits` characters, zeros after its sign:
/// what `format!` writes for `{:0digits$}`.
#[derive(Clone, Copy, Debug)]
pub struct ZeroPadded {
    /// The number.
    pub value: i64,
    /// The fewest characters written, a `-` included.
    pub digits: usize,
}

/// `value` with zeros in front up to `digits` characters: `zero_padded(5, 3)`
/// writes `005`, as the `.005` of a Duration's fraction.
pub fn zero_padded(value: i64, digits: usize) -> ZeroPadded {
    ZeroPadded { value, digits }
}

impl Piece for ZeroPadded {
    fn push_to(&self, out: &mut String) {
        let mut digits = self.digits;
        if self.value < 0 {
            out.push('-');
            digits = digits.saturating_sub(1);
        }
        push_decimal(out, self.value.unsigned_abs(), digits);
    }
}

/// Appends the decimal digits of `n`, with zeros in front up to `digits`.
fn push_decimal(out: &mut String, n: u64, digits: usize) {
    // u64::MAX has 20 digits.
    let mut buffer = [0u8; 20];
    let mut start = buffer.len();
    let mut rest = n;
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let written = buffer.len() - start;
    for _ in written..digits {
        out.push('0');
    }
    for &digit in &buffer[start..] {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_integers_read_as_std_writes_them() {
        let cases: [u64; 9] = [0, 1, 9, 10, 99, 100, 1_000_000_007, u64::MAX - 1, u64::MAX];
        for n in cases {
            assert_eq!(text![n], n.to_string(), "{n}");
        }
        assert_eq!(text![u8::MAX, ' ', u16::MAX], "255 65535");
        assert_eq!(
            text![u32::MAX, ' ', usize::MAX],
            format!("{} {}", u32::MAX, usize::MAX)
        );
    }

    #[test]
    fn signed_integers_read_as_std_writes_them() {
        let cases: [i64; 11] = [
            0,
            1,
            -1,
            9,
            -10,
            42,
            -1_000_000_000,
            i64::from(i32::MIN),
            i64::MAX,
            i64::MIN + 1,
            i64::MIN,
        ];
        for n in cases {
            assert_eq!(text![n], n.to_string(), "{n}");
        }
        assert_eq!(text![i8::MIN, ' ', i16::MIN], "-128 -32768");
        assert_eq!(
            text![i32::MIN, ' ', isize::MIN],
            format!("{} {}", i32::MIN, isize::MIN)
        );
    }

    #[test]
    fn zero_padding_matches_std() {
        let values: [i64; 10] = [
            0,
            5,
            -5,
            42,
            -42,
            500,
            999_999_999,
            -1234,
            i64::MAX,
            i64::MIN,
        ];
        for value in values {
            for digits in 0..=21 {
                assert_eq!(
                    text![zero_padded(value, digits)],
                    format!("{value:0digits$}"),
                    "{value} in {digits} digits"
                );
            }
        }
    }

    #[test]
    fn pieces_join_in_order() {
        let name = String::from("lro.v1.Job");
        let cases = [
            (text!["only"], "only"),
            (
                text![name, " has number ", -3, '!'],
                "lro.v1.Job has number -3!",
            ),
            (text![&name, '.', "id"], "lro.v1.Job.id"),
            (
                text!["deadline exceeded after ", 250u64, " ms"],
                "deadline exceeded after 250 ms",
            ),
            (text!['.', zero_padded(5, 3)], ".005"),
            (text!["é", 'ü', "✓"], "éü✓"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }
}
