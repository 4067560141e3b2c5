import { describe, expect, it } from 'vitest';
import { fitsSegments, foldToGsm7, isGsm7, smsSize } from '../../functions/domain/sms-segments';

describe('SMS encoding', () => {
  it('knows the accented letters of the GSM 03.38 default alphabet', () => {
    expect(isGsm7('éèùìòÇØøÅåÄÖÑÜäöñüàÉßÆæ')).toBe(true);
    expect(isGsm7('@£$¥¤§¡¿ΔΦΓΛΩΠΨΣΘΞ_\n\r')).toBe(true);
  });

  it.each(['á', 'í', 'ó', 'ú', 'ç', 'ã', 'õ', 'ê', 'â', 'ë', 'Ł', '’', '“', '«', '–', '😀', '`'])(
    'sends a text with %j as UCS-2',
    (char) => {
      expect(smsSize(`Hello ${char}`).encoding).toBe('ucs2');
    },
  );

  it('counts extension-table characters as two septets', () => {
    expect(smsSize('€[]{}^~\\|')).toEqual({ encoding: 'gsm7', length: 18, segments: 1 });
  });
});

describe('SMS segments', () => {
  it.each([
    ['', 'gsm7', 0, 1],
    ['a'.repeat(160), 'gsm7', 160, 1],
    ['a'.repeat(161), 'gsm7', 161, 2],
    ['a'.repeat(306), 'gsm7', 306, 2],
    ['a'.repeat(307), 'gsm7', 307, 3],
    [`${'a'.repeat(158)}€`, 'gsm7', 160, 1],
    [`${'a'.repeat(159)}€`, 'gsm7', 161, 2],
    ['á'.repeat(70), 'ucs2', 70, 1],
    ['á'.repeat(71), 'ucs2', 71, 2],
    ['á'.repeat(134), 'ucs2', 134, 2],
    ['á'.repeat(135), 'ucs2', 135, 3],
    [`${'a'.repeat(68)}😀`, 'ucs2', 70, 1],
    [`${'a'.repeat(69)}😀`, 'ucs2', 71, 2],
  ])('sizes a text of %#', (text, encoding, length, segments) => {
    expect(smsSize(text)).toEqual({ encoding, length, segments });
  });

  it('never splits an escape sequence across segments', () => {
    // 306 septets would fit two segments, but the € cannot start at septet 153 of the first one.
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({
      encoding: 'gsm7',
      length: 306,
      segments: 3,
    });
    expect(smsSize(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });

  it('never splits a surrogate pair across segments', () => {
    expect(smsSize(`${'a'.repeat(66)}😀${'a'.repeat(66)}`)).toEqual({
      encoding: 'ucs2',
      length: 134,
      segments: 3,
    });
    expect(smsSize(`${'a'.repeat(65)}😀${'a'.repeat(67)}`).segments).toBe(2);
  });

  it('checks a text against a budget per encoding', () => {
    expect(fitsSegments('a'.repeat(306), { gsm7: 2 })).toBe(true);
    expect(fitsSegments('a'.repeat(307), { gsm7: 2 })).toBe(false);
    expect(fitsSegments('á', { gsm7: 2 })).toBe(false);
    expect(fitsSegments('á'.repeat(201), { gsm7: 2, ucs2: 3 })).toBe(true);
  });
});

describe('folding a text to GSM-7', () => {
  it.each([
    ['María', 'María'.normalize('NFD'), 'Maria'],
    ['João', 'João', 'Joao'],
    ['François', 'François', 'Francois'],
    ['René Müller', 'René Müller', 'René Müller'],
    ['O’Brien', 'O’Brien', "O'Brien"],
    ['Łukasz', 'Łukasz', 'Łukasz'],
    ['王芳', '王芳', '王芳'],
  ])('folds %j', (_label, text, folded) => {
    expect(foldToGsm7(text)).toBe(folded);
  });
});
