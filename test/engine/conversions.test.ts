import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStep } from '../../server/src/engine/check/step-checks';

const wrongQuantities = (text: string) =>
  checkStep(text)
    .filter((e) => e.kind === 'quantity' && e.verdict === 'wrong')
    .map((e) => e.message);

test('conversions: a written conversion between units of one system is converted with mathjs units', () => {
  assert.deepEqual(wrongQuantities('So 2.5 hours = 140 minutes.'), ['2.5 hours = 140 minutes is wrong: 2.5 hours = 150 minutes']);
  assert.deepEqual(wrongQuantities('He runs 3 miles = 5280 feet'), ['3 miles = 5280 feet is wrong: 3 miles = 15840 feet']);
  assert.deepEqual(wrongQuantities('1 gallon = 8 quarts'), ['1 gallon = 8 quarts is wrong: 1 gallon = 4 quarts']);
  assert.deepEqual(wrongQuantities('250 cm = 25 m... no: 250 cm = 25 meters'), ['250 cm = 25 meters is wrong: 250 cm = 2.5 meters']);
});

test('conversions: right ones, rounded ones, other systems and joined quantities are never flagged', () => {
  for (const text of [
    '2 hours = 120 minutes',
    '1 week = 7 days',
    '3 feet = 36 inches',
    '90 minutes = 1.5 hours',
    '100 minutes = 1.67 hours',
    '1 kg = 1000 grams',
    // another system: an approximation people write on purpose
    '1 mile = 1.6 km',
    '5 miles = 8 km',
    '1 gallon = 4 liters',
    // calendar and ambiguous units are not converted
    '1 year = 365 days',
    '1 month = 4 weeks',
    '1 ton = 1000 kg',
    // quantities joined to a side
    '5 feet 3 inches = 63 inches',
    '1 hour 30 minutes = 90 minutes',
    '2 hours = 120 minutes per day',
    '1 hour + 2 hours = 180 minutes',
    '2 hours ≈ 100 minutes',
  ]) {
    assert.deepEqual(wrongQuantities(text), [], text);
  }
});
