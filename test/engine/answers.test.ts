import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareAnswers } from '../../server/src/engine/check/answer';

type V = 'equal' | 'different' | 'unknown';
const TABLE: Array<[written: string, reference: string, verdict: V]> = [
  // numbers: fractions, decimals, separators, money, units
  ['$2,000', '1,375', 'different'],
  ['1,375', '1375', 'equal'],
  ['$1,375.', '1375', 'equal'],
  ['96', '106', 'different'],
  ['\\dfrac{9}{2}', '4.5', 'equal'],
  ['\\frac{9}{2}', '9/2', 'equal'],
  ['\\tfrac92', '4.5', 'equal'],
  ['4.50', '4.5', 'equal'],
  ['-3', '3', 'different'],
  ['18 dollars', '18', 'equal'],
  ['18 \\text{ dollars}', '18', 'equal'],
  ['\\$18', '18', 'equal'],
  ['12 \\text{cm}^2', '12', 'equal'],
  ['90^\\circ', '90', 'equal'],
  ['90°', '90', 'equal'],
  ['x = 5', '5', 'equal'],
  ['k=5', '6', 'different'],
  ['344,485', '344485', 'equal'],
  // percentages: either reading
  ['8\\%', '$8 \\%$', 'equal'],
  ['0.08', '8%', 'equal'],
  ['8', '8%', 'equal'],
  ['9%', '8%', 'different'],
  // roots, pi, rounding
  ['$4-2 \\sqrt{3}$', '4 - 2\\sqrt3', 'equal'],
  ['\\sqrt{2}/2', '\\frac{\\sqrt2}{2}', 'equal'],
  ['\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}', 'equal'],
  ['2\\sqrt{2}', '\\sqrt{8}', 'equal'],
  ['\\pi/2', '1.5708', 'equal'],
  ['0.33', '1/3', 'equal'],
  ['0.34', '1/3', 'different'],
  ['2\\pi', '\\pi', 'different'],
  // sets, lists, tuples, intervals
  ['\\frac{1}{3},1,\\frac{1}{9}', '$\\frac{1}{3},1,\\frac{1}{9}$', 'equal'],
  ['1,\\frac{1}{9},\\frac13', '$\\frac{1}{3},1,\\frac{1}{9}$', 'equal'],
  ['10,11,12,13,14,-2,-1,0,1,2', '-2,-1,0,1,2,10,11,12,13,14', 'equal'],
  ['2,4', '2,4,3', 'different'],
  ['\\{1, 2\\}', '\\{2, 1\\}', 'equal'],
  ['\\{1, 3\\}', '\\{2, 1\\}', 'different'],
  ['(1,2)', '(1,2)', 'equal'],
  ['(1, 2)', '(2,1)', 'different'],
  ['(\\frac12, 3)', '(0.5, 3)', 'equal'],
  ['[0,1)', '[0, 1)', 'equal'],
  // Qwen2.5-Math compare_lists calls (0,1) and [0,1] equal, an interval reading does not: unknown.
  ['(0,1)', '[0,1]', 'unknown'],
  // issue 16: a set and a tuple with the same elements
  ['\\{1, 2\\}', '(1, 2)', 'unknown'],
  // Math-Verify: intervals against inequalities, unions
  ['x \\in [-2,7]', '-2 \\le x \\le 7', 'equal'],
  ['[-2,7]', '-2 \\leq x \\leq 8', 'different'],
  ['x > 3', '(3, \\infty)', 'equal'],
  ['x \\geq 3', '[3, \\infty)', 'equal'],
  ['(-\\infty, 1) \\cup (2, \\infty)', '(2, \\infty) \\cup (-\\infty, 1)', 'equal'],
  ['(-\\infty, 1) \\cup (3, \\infty)', '(-\\infty, 1) \\cup (2, \\infty)', 'different'],
  // issue 16: \pm, pmatrix, lists joined with words
  ['1 \\pm \\sqrt{2}', '1+\\sqrt{2}, 1-\\sqrt{2}', 'equal'],
  ['1 \\pm \\sqrt{3}', '1+\\sqrt{2}, 1-\\sqrt{2}', 'different'],
  ['\\begin{pmatrix} 1 \\\\ -2 \\end{pmatrix}', '(1, -2)', 'equal'],
  ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}', 'different'],
  ['7 \\text{ and } -5', '-5,7', 'equal'],
  ['2 and 3', '3, 2', 'equal'],
  // issue 16: LaTeX spacing inside numbers
  ['11,\\!111', '11111', 'equal'],
  ['11\\,111', '11111', 'equal'],
  ['11{,}111', '11111', 'equal'],
  // Hendrycks MATH strip_string: \sqrt3, .5, \frac12, 0.5 = \frac{1}{2}, "x = " prefix, \% and units
  ['\\sqrt3', '\\sqrt{3}', 'equal'],
  ['.5', '\\frac{1}{2}', 'equal'],
  ['\\frac12', '0.5', 'equal'],
  ['10\\%', '10', 'equal'],
  ['5 \\text{ cm}', '5', 'equal'],
  ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3, \\frac{\\pi}{2})', 'equal'],
  // Qwen2.5-Math math_equal: case-insensitive text, percent readings, rel. tolerance 1e-4, equations
  ['TRUE', 'true', 'equal'],
  ['10%', '0.1', 'equal'],
  ['3.14159', '\\pi', 'equal'],
  ['y = 2x + 1', 'y=1+2x', 'equal'],
  ['(-\\infty, 2]', '(-\\infty, 2]', 'equal'],
  // expressions
  ['x+1', '$f(x)=x+1$', 'equal'],
  ['f(x)=x+1', '$f(x)=x+1$', 'equal'],
  ['2x+2', '2(x+1)', 'equal'],
  ['x^2 - 1', '(x-1)(x+1)', 'equal'],
  ['x^2', 'x^3', 'different'],
  ['\\frac{x}{2}', '0.5x', 'equal'],
  ['2021 \\cdot 505 \\cdot 337', '$2021 \\cdot 505 \\cdot 337$', 'equal'],
  ['2021 \\times 505 \\times 337', '343943785', 'equal'],
  // multiple choice
  ['\\text{(B)}', 'B', 'equal'],
  ['B', 'B', 'equal'],
  ['(C)', 'B', 'different'],
  ['Choice_C', 'B', 'different'],
  ['C: x^2/8', 'C', 'equal'],
  ['x^2/8', 'B', 'unknown'],
  // text
  ['Paris', 'paris', 'equal'],
  ['yes', 'no', 'different'],
  ['\\text{Yes}', 'yes', 'equal'],
  ['blue', 'red', 'unknown'],
  ['the second one', '2', 'unknown'],
  // cannot be sure: never a finding
  ['', '5', 'unknown'],
  ['x^y!', '5', 'unknown'],
  ['\\int_0^1 x\\,dx', '1/2', 'unknown'],
];

/**
 * The published graders, case by case: every normalisation step and documented case of
 * Hendrycks MATH (modeling/math_equivalence.py and its test file), Qwen2.5-Math
 * (evaluation/grader.py, evaluation/parser.py) and Math-Verify (tests/test_all.py), named after
 * the function that makes the pair equal or not. `equal` where they say equal; where they say
 * not equal and the pair really differs, anything but `equal`; `unknown` only where the README's
 * "Where we choose differently" explains it.
 */
type Expect = V | 'not-equal';
const GRADERS: Array<[source: string, written: string, reference: string, verdict: Expect]> = [
  // Hendrycks MATH, modeling/math_equivalence.py
  ['Hendrycks strip_string (\\! removed, \\\\ as \\, tfrac/dfrac)', '\\tfrac{1}{2} +\\! \\frac1{72}', '\\\\dfrac{1}{2} +\\frac{1}{72}', 'equal'],
  ['Hendrycks test_fractions', '\\tfrac{1}{2} + \\frac1{72}', '\\\\frac{1}{2} + 2/3', 'not-equal'],
  ['Hendrycks test_order2', '10, 4, 2', '4, 12, 2', 'different'],
  ['Hendrycks _remove_right_units', '10\\text{ units}', '10 ', 'equal'],
  ['Hendrycks _remove_right_units (test_units2)', '10\\text{ units}', '100 ', 'different'],
  ['Hendrycks _remove_right_units with a power', '5\\text{ cm}^{2}', '5', 'equal'],
  ['Hendrycks strip_string (\\$ removed)', '10', '\\$10', 'equal'],
  ['Hendrycks strip_string (\\left, \\right removed)', '\\left(x-2\\right)\\left(x+2\\right)', '(x-2)(x+2)', 'equal'],
  ['Hendrycks strip_string (leading 0 added)', '0.1', '.1', 'equal'],
  ['Hendrycks strip_string ("{." as "{0.")', '\\frac{.5}{2}', '0.25', 'equal'],
  ['Hendrycks strip_string (% removed)', '10\\%', '10', 'equal'],
  ['Hendrycks strip_string (^\\circ removed)', '90^{\\circ}', '90', 'equal'],
  ['Hendrycks strip_string (0.5 as \\frac{1}{2})', '0.5', '\\frac{1}{2}', 'equal'],
  ['Hendrycks strip_string (left side of two characters dropped)', 'ab = 5', '5', 'equal'],
  ['Hendrycks _fix_sqrt', '10\\sqrt{3} + \\sqrt4', '10\\sqrt3 + \\sqrt{4}', 'equal'],
  ['Hendrycks _fix_sqrt (one character: \\sqrt34 is \\sqrt{3}4)', '\\sqrt34', '4\\sqrt{3}', 'equal'],
  ['Hendrycks _fix_fracs (test_frac)', '\\frac34i', '\\frac{3}{4}i', 'equal'],
  ['Hendrycks _fix_fracs (test_tfrac)', '\\tfrac83', '\\frac{8}{3}', 'equal'],
  ['Hendrycks _fix_fracs (\\frac1b)', '\\frac1b', '\\frac{1}{b}', 'equal'],
  ['Hendrycks _fix_fracs (\\frac{72}1, which it leaves alone)', '\\frac{72}1', '72', 'equal'],
  ['Hendrycks _fix_a_slash_b (test_half)', '1/2', '\\frac{1}{2}', 'equal'],
  ['Hendrycks test_expression', '5x - 7y + 11z + 4 = 0', 'x + y - z + 2 = 0', 'not-equal'],
  // Hendrycks compares strings: a list in another order is not equal (test_order, test_decimals).
  // We compare a bare answer list as a set: README, "Where we choose differently".
  ['Hendrycks test_order (we: any order)', '10, 4, -2', '4, 10, -2', 'equal'],
  ['Hendrycks test_decimals (we: any order)', '0.1, 4, 2', '4, .1, 2', 'equal'],
  // Qwen2.5-Math, evaluation/grader.py
  ['Qwen2.5-Math choice_answer_clean ("answer is (B).")', 'The answer is (B).', 'B', 'equal'],
  ['Qwen2.5-Math choice_answer_clean (answer is B)', 'the answer is B', 'B', 'equal'],
  ['Qwen2.5-Math choice_answer_clean (a letter alone)', 'I think it is C', 'C', 'equal'],
  ['Qwen2.5-Math choice_answer_clean (last letter, any case: unknown)', 'C, not a', 'A', 'unknown'],
  ['Qwen2.5-Math choice_answer_clean (another letter)', 'The answer is (D).', 'B', 'different'],
  ['Qwen2.5-Math is_digit / parse_digits', '7,425,000', '7425000', 'equal'],
  ['Qwen2.5-Math parse_digits (commas dropped: unknown)', '2,4', '24', 'unknown'],
  ['Qwen2.5-Math parse_digits (percent)', '10%', '0.1', 'equal'],
  ['Qwen2.5-Math is_numerical_equal (10% vs 0.2)', '10%', '0.2', 'different'],
  ['Qwen2.5-Math numeric_equal (rel_tol 1e-4)', '0.0833333333333333', '\\frac{1}{12}', 'equal'],
  ['Qwen2.5-Math numeric_equal (a rounded value)', '33.3', '\\frac{100}{3}', 'equal'],
  ['Qwen2.5-Math str_to_pmatrix (braces against a pmatrix)', '\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\{1,2\\}', 'equal'],
  ['Qwen2.5-Math strip_string (bmatrix as pmatrix)', '\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', 'equal'],
  ['Qwen2.5-Math strip_string (array as pmatrix)', '\\left[\\begin{array}{cc}1 & 2 \\\\3 & 4\\end{array}\\right]', '\\begin{pmatrix}1 & 2 \\\\3 & 4\\end{pmatrix}', 'equal'],
  ['Qwen2.5-Math compare_matrices (rows kept)', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\begin{pmatrix}1&2&3&4\\end{pmatrix}', 'not-equal'],
  ['Qwen2.5-Math compare_matrices (3&4 vs 3&5)', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}', 'different'],
  ['Qwen2.5-Math symbolic_equal (matrix in brackets, rounded entries)', '(\\begin{pmatrix}\\frac{1}{3}\\\\ \\frac{1}{5} \\end{pmatrix})', '\\begin{pmatrix}0.33\\\\0.2 \\end{pmatrix}', 'equal'],
  ['Qwen2.5-Math compare_lists', '[1, 2, 3]', '[1, 2, 4]', 'different'],
  ['Qwen2.5-Math compare_lists (items compared)', '(1,4.5)', '(1,\\frac{9}{2})', 'equal'],
  ['Qwen2.5-Math math_equal (brackets stripped against a bare list)', '(1,2)', '1,2', 'equal'],
  ['Qwen2.5-Math check_symbolic_equality (sides swapped)', 'x = y', 'y = x', 'equal'],
  ['Qwen2.5-Math check_symbolic_equality (x = y vs x = z)', 'x = y', 'x = z', 'different'],
  ['Qwen2.5-Math check_symbolic_equality (negated)', '-34x-45y+20z-100=0', '34x+45y-20z+100=0', 'equal'],
  ['Qwen2.5-Math is_simple_equation', 'xy = 10', '10', 'equal'],
  ['Qwen2.5-Math compare_equations ("10" vs "x = 10")', '10', 'x = 10', 'equal'],
  ['Qwen2.5-Math symbolic_equal (simplify)', '\\frac{x}{7}+\\frac{2}{7}', '\\frac{x+2}{7}', 'equal'],
  ['Qwen2.5-Math symbolic_equal (nested roots)', '\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{2\\sqrt{33}+15}', '\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{15+2\\sqrt{33}}', 'equal'],
  ['Qwen2.5-Math _test_math_equal ((+5)(b+2) vs (a+5)(b+2))', '(+5)(b+2)', '(a+5)(b+2)', 'different'],
  ['Qwen2.5-Math _test_math_equal (golden ratio vs 2)', '\\frac{1+\\sqrt{5}}{2}', '2', 'different'],
  ['Qwen2.5-Math _test_math_equal (1 vs 1\\sqrt{19})', '1', '1\\sqrt{19}', 'different'],
  ['Qwen2.5-Math _test_math_equal (x+1 vs x+2n+1)', 'x+1', 'x+2n+1', 'different'],
  ['Qwen2.5-Math _test_math_equal (rounded interval ends)', '(0.6,2.6667]', '(\\frac{3}{5},\\frac{8}{3}]', 'equal'],
  // Qwen2.5-Math multiplies by 100 either way with no percent sign (0.1 = 10): README.
  ['Qwen2.5-Math is_numerical_equal (×100 only with a percent sign)', '0.1', '10', 'different'],
  // Qwen2.5-Math, evaluation/parser.py strip_string
  ['Qwen2.5-Math strip_string (convert_word_number)', 'five', '5', 'equal'],
  ['Qwen2.5-Math strip_string (convert_word_number, compound)', 'twenty-one', '21', 'equal'],
  ['Qwen2.5-Math strip_string (\\text{…} as its content)', '\\text{5}', '5', 'equal'],
  ['Qwen2.5-Math strip_string (x\\to dropped)', 'x \\to 3', '3', 'equal'],
  ['Qwen2.5-Math strip_string (x= dropped in a list)', 'x=1, y=2', '(1,2)', 'equal'],
  ['Qwen2.5-Math strip_string (x= … matched by name)', 'x=1, y=2', 'y=2, x=1', 'equal'],
  ['Qwen2.5-Math strip_string (x=, y= swapped values)', 'x=2, y=1', 'x=1, y=2', 'different'],
  ['Qwen2.5-Math strip_string (\\emptyset)', '\\emptyset', '\\{\\}', 'equal'],
  ['Qwen2.5-Math strip_string ((-\\infty,\\infty) as \\mathbb{R})', '(-\\infty,\\infty)', '\\mathbb{R}', 'equal'],
  ['Qwen2.5-Math strip_string (inf)', '(-inf, 3)', '(-\\infty, 3)', 'equal'],
  ['Qwen2.5-Math strip_string (infinity)', '(-infinity, 3)', '(-\\infty, 3)', 'equal'],
  ['Qwen2.5-Math strip_string (+\\infty)', '(3, +\\infty)', '(3, \\infty)', 'equal'],
  ['Qwen2.5-Math strip_string (j as i)', '3+2j', '3+2i', 'equal'],
  ['Qwen2.5-Math strip_string (a.000 as a)', '5.000', '5', 'equal'],
  ['Qwen2.5-Math strip_string (\\mbox removed)', '5 \\mbox{ cm}', '5', 'equal'],
  ['Qwen2.5-Math strip_string (\\mathbf removed)', '\\mathbf{5}', '5', 'equal'],
  ['Qwen2.5-Math strip_string (unit_texts)', '5 hours', '5', 'equal'],
  ['Qwen2.5-Math strip_string (\\neq as \\ne)', 'x \\neq 3', 'x \\ne 3', 'equal'],
  // Qwen2.5-Math's _fix_sqrt braces every character after \sqrt (√34); LaTeX and Hendrycks read √3·4.
  ['Qwen2.5-Math _fix_sqrt (\\sqrt34 as \\sqrt{34}: unknown)', '\\sqrt34', '\\sqrt{34}', 'unknown'],
  // Qwen2.5-Math calls a tuple and a set with the same items equal (remove_brackets): README.
  ['Qwen2.5-Math remove_brackets (a tuple against a set: unknown)', '(1, 2)', '\\{1, 2\\}', 'unknown'],
  // Math-Verify, tests/test_all.py
  ['Math-Verify test_number_extraction (thousands)', '7,425,000', '7425000', 'equal'],
  ['Math-Verify test_number_extraction (space thousands)', '1 000', '1000', 'equal'],
  ['Math-Verify test_number_extraction (1000.0)', '1000.0', '1000', 'equal'],
  ['Math-Verify test_number_extraction (1,000.0)', '1,000.0', '1000.0', 'equal'],
  ['Math-Verify test_number_extraction (decimal comma)', '1000,99', '1000.99', 'equal'],
  ['Math-Verify test_number_extraction (1,22)', '1.22', '1,22', 'equal'],
  ['Math-Verify test_number_extraction (0,111)', '0.111', '0,111', 'equal'],
  ['Math-Verify test_number_extraction ($1,000.99)', '$1,000.99', '1000.99', 'equal'],
  ['Math-Verify test_number_extraction (1,000.99$)', '1,000.99$', '1000.99', 'equal'],
  ['Math-Verify test_simple_fraction_notation', '-\\frac{10}{9}', '-10/9', 'equal'],
  ['Math-Verify test_sets_handling ([0,9) vs [0,1))', '[0,1)', '[0,9)', 'different'],
  ['Math-Verify test_sets_handling ((0,9) vs [0,9))', '[0,9)', '(0,9)', 'not-equal'],
  ['Math-Verify test_sets_handling (1 vs -[0,1))', '-[0,1)', '1', 'not-equal'],
  ['Math-Verify test_latex_notation ((9+1))', '(9+1)', '10', 'equal'],
  ['Math-Verify test_latex_notation (\\frac3{3})', '\\frac3{3}', '1', 'equal'],
  ['Math-Verify test_latex_notation (\\cfrac)', '\\cfrac{1}{3}', '1/3', 'equal'],
  ['Math-Verify test_latex_notation (\\textbf units)', '\\frac{1}{3} \\textbf{meters}', '1/3', 'equal'],
  ['Math-Verify test_latex_notation (k =)', 'k = \\frac{1}{3}', '1/3', 'equal'],
  ['Math-Verify test_latex_notation (\\boxed inside)', '\\boxed{\\frac{1}{3}}', '1/3', 'equal'],
  ['Math-Verify test_percent_notation (percent)', '28 percent', '28\\%', 'equal'],
  ['Math-Verify test_percent_notation (pct)', '28 pct', '28\\%', 'equal'],
  ['Math-Verify test_percent_notation (28 %)', '28 %', '28\\%', 'equal'],
  ['Math-Verify test_percent_notation (percentage)', '28 percentage', '28\\%', 'equal'],
  ['Math-Verify test_percent_notation (28 vs 28%)', '28', '28\\%', 'equal'],
  ['Math-Verify test_percent_notation (28 vs 0.28)', '28', '0.28', 'different'],
  ['Math-Verify test_percent_notation (28 vs 28/100)', '28', '28/100', 'different'],
  ['Math-Verify test_percent_notation (28*\\frac{1}{100} vs 28)', '28', '28*\\frac{1}{100}', 'different'],
  ['Math-Verify test_latex_notation_math (\\textnormal units)', '125\\textnormal{ miles}', '125 miles', 'equal'],
  ['Math-Verify test_latex_notation_math (\\sqrt 2)', '\\sqrt 2+\\sqrt 5', '\\sqrt{2}+\\sqrt{5}', 'equal'],
  ['Math-Verify test_latex_notation_math (\\frac94\\pi)', '\\frac94\\pi', '\\frac{9}{4}\\pi', 'equal'],
  ['Math-Verify test_latex_notation_math (\\mbox{ cm}^2)', '15\\mbox{ cm}^2', '15', 'equal'],
  ['Math-Verify test_latex_notation_math (\\pm inside a set)', '\\{-2, 1+\\sqrt{5}, 1-\\sqrt{5}\\}', '\\{1\\pm\\sqrt{5},-2\\}', 'equal'],
  ['Math-Verify test_latex_notation_math (a union of intervals, \\tfrac12)', '[-1, -\\tfrac12) \\cup (-\\tfrac12, 0) \\cup (0, 1) \\cup (1, \\infty)', '[-1, -\\frac{1}{2}) \\cup (-\\frac{1}{2}, 0) \\cup (0, 1) \\cup (1, \\infty)', 'equal'],
  ['Math-Verify test_latex_notation_math (a point and an interval)', '\\{-1\\} \\cup [0,7)', 'x \\in \\{-1\\} \\cup [0,7)', 'equal'],
  ['Math-Verify test_latex_notation_math (\\sqrt{117})', '3\\sqrt{13}', '\\sqrt{117}', 'equal'],
  ['Math-Verify test_latex_notation_math (1 \\pm \\sqrt{19})', '1 + \\sqrt{19}, 1 - \\sqrt{19}', '1 \\pm \\sqrt{19}', 'equal'],
  ['Math-Verify test_relations_math (>=)', 'x \\geq 5', 'x >= 5', 'equal'],
  ['Math-Verify test_relations_math (\\lt)', 'x \\lt 3', 'x < 3', 'equal'],
  ['Math-Verify test_relations_math (<=)', 'x <= 2', 'x \\leq 2', 'equal'],
  ['Math-Verify test_relations_math (\\gt)', 'x \\gt 5', 'x > 5', 'equal'],
  ['Math-Verify test_relations_math (!=)', 'x \\neq 3', 'x != 3', 'equal'],
  ['Math-Verify test_relations_math (x < 5 vs x > 5)', 'x < 5', 'x > 5', 'different'],
  ['Math-Verify test_relations_math (≤ vs ≥)', 'x \\leq 5', 'x \\geq 5', 'different'],
  ['Math-Verify test_relations_math (flipped ≥)', '5 \\geq x', 'x \\leq 5', 'equal'],
  ['Math-Verify test_relations_math (flipped ≤)', '5 \\leq x', 'x \\geq 5', 'equal'],
  ['Math-Verify test_relations_math (last of a chain)', 'x = 5+5+1 = 7 =11', 'x = 11', 'equal'],
  ['Math-Verify test_relations_math (7 = 11a+c vs 11a+c)', '11a+c', '7 = 11a+c', 'not-equal'],
  ['Math-Verify test_relations_math (exact value before \\approx)', 'x = 5+5+1 = 1/3 \\approx 11', 'x = 1/3', 'equal'],
  ['Math-Verify test_relations_math (x\\approx11)', 'x\\approx11', '11', 'equal'],
  ['Math-Verify test_relations_math (x=1/3\\approx1.3)', 'x=1/3\\approx1.3', '1/3', 'equal'],
  ['Math-Verify test_relations_math (-x > -1)', '-x > -1', 'x < 1', 'equal'],
  ['Math-Verify test_relations_math (x > -1 vs x < 1)', 'x > -1', 'x < 1', 'different'],
  ['Math-Verify test_relations_math (-x >= -1)', '-x >= -1', 'x <= 1', 'equal'],
  ['Math-Verify test_relations_math (a +3z = 0 vs 0)', '0', 'a +3z = 0', 'not-equal'],
  ['Math-Verify test_relations_math (1 = \\zzz = x = 0)', '0', '1 = \\zzz = x = 0', 'equal'],
  ['Math-Verify test_relations_math (2x + z = 1 vs 1)', '1', '2x + z = 1', 'not-equal'],
  ['Math-Verify test_relations_math (a^2 + b = 0 vs 0)', '0', 'a^2 + b = 0', 'not-equal'],
  ['Math-Verify test_relations_math (z = 3+3 = 2)', 'z = 3+3 = 2', 'z = 1 + 1 = 2', 'equal'],
  ['Math-Verify test_relations_math (equation normalisation)', 'y=-\\frac{1}{2}x+\\frac{3}{4}', '2x+4y-3=0', 'equal'],
  ['Math-Verify test_relations_math (scaled equation)', 'x^2/16 + y^2/12 = 1/4', 'x^2/4 + y^2/3 = 1', 'equal'],
  ['Math-Verify test_matrix_extraction (bmatrix)', '\\begin{pmatrix}0 & 0 \\\\0 & 0\\end{pmatrix}', '\\begin{bmatrix}0 & 0 \\\\0 & 0\\end{bmatrix}', 'equal'],
  ['Math-Verify test_matrix_extraction (3&5)', '\\begin{pmatrix}1 & 2 \\\\ 3 & 5\\end{pmatrix}', '\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}', 'different'],
  ['Math-Verify test_precision (0.3333 at 4 places)', '0.3333', '\\frac{1}{3}', 'equal'],
  ['Math-Verify test_complex_math_expressions ((1,4.5))', '(1,4.5)', '(1,\\frac{9}{2})', 'equal'],
  ['Math-Verify test_complex_math_expressions (4 vs a sum with a root)', '\\frac{34}{16}+\\frac{\\sqrt{1358}}{16}', '4', 'different'],
  ['Math-Verify test_math_extraction_additional_cases ((3,1) vs {1,3})', '{1,3}', '(3,1)', 'not-equal'],
  ['Math-Verify test_math_extraction_additional_cases (\\text{C} vs \\text{(C)})', '\\text{(C)}', '\\text{C}', 'equal'],
  ['Math-Verify test_math_extraction_additional_cases (11,\\! 111,\\! 111,\\! 100)', '11,\\! 111,\\! 111,\\! 100', '11111111100', 'equal'],
  ['Math-Verify test_math_extraction_additional_cases (32,\\! 349)', '32,\\! 349', '32349', 'equal'],
  ['Math-Verify test_math_extraction_additional_cases (32, 349 is not 32349)', '32, 349', '32349', 'not-equal'],
  ['Math-Verify test_math_extraction_additional_cases (a union of pairs)', '(2, 12) \\cup (12, 102)', '(2,12) \\cup (12,102)', 'equal'],
  ['Math-Verify test_math_extraction_additional_cases (x \\in an interval)', 'x \\in (-6, 10)', '(-6, 10)', 'equal'],
  ['Math-Verify test_math_extraction_additional_cases (\\text{E})', '\\text{E}', 'E', 'equal'],
  ['Math-Verify test_set_rel_assymetry (both directions)', '-2 \\le x \\le 7', 'x \\in [-2,7]', 'equal'],
  ['Math-Verify test_float_precision', '\\sqrt{17}', '4.123105625617661', 'equal'],
  ['Math-Verify test_sqrt_precision', '4\\sqrt{2}', '4', 'different'],
  ['Math-Verify (\\langle vectors)', '\\langle 1, 2 \\rangle', '(1,2)', 'equal'],
  ['Qwen2.5-Math check_symbolic_equality (widened: any non-zero factor)', '2x = 4', 'x = 2', 'equal'],
  ['Qwen2.5-Math is_numerical_equal (×100 only with a percent sign: 5 vs 500)', '5', '500', 'different'],
  ['Math-Verify test_relations_math (a relation solved for its unknown)', '2x > 6', 'x > 3', 'equal'],
  ['Math-Verify test_relations_math (a negative factor turns it round)', '-2x \\le 6', 'x \\ge -3', 'equal'],
  ['Math-Verify test_number_extraction (a spaced comma is a list)', '3, 5', '3.5', 'different'],
  // "1,375" is 1375 to us and to Qwen2.5-Math, 1.375 with Math-Verify's decimal comma: README.
  ['Math-Verify test_number_extraction (1,375 against 1.375: unknown)', '1,375', '1.375', 'unknown'],
  ['Qwen2.5-Math choice_answer_clean (an article is not a choice)', 'The answer is a number', 'A', 'not-equal'],
  ['Qwen2.5-Math strip_string (x=, y= in another order than the tuple: unknown)', 'y = 4, x = 3', '(3, 4)', 'unknown'],
  ['Qwen2.5-Math strip_string (different unknowns)', 'x = 2', 'y = 2', 'not-equal'],
  ['Qwen2.5-Math strip_string (convert_word_number, wrong)', 'seven', '8', 'different'],
  ['Qwen2.5-Math strip_string (\\mathbb{R} against a half-line)', '\\mathbb{R}', '(0, \\infty)', 'different'],
  ['Math-Verify test_number_extraction (currency sign)', '1,000.99€', '1000.99', 'equal'],
  ['Math-Verify test_number_extraction (m² tight)', '1,000.99m²', '1000.99', 'equal'],
  ['Qwen2.5-Math strip_string (unit_texts with a slash)', '5 m/s', '5', 'equal'],
  ['Qwen2.5-Math strip_string (trailing \\text{…} dropped)', '5 \\text{(rounded)}', '5', 'equal'],
  ['Qwen2.5-Math strip_string ({5} as 5)', '{5}', '5', 'equal'],
  ['Qwen2.5-Math strip_string ([5] as 5)', '[5]', '5', 'equal'],
  // Math-Verify reads (1,3) = {1,3} and \text{13} ≠ 13: README.
  ['Math-Verify test_math_extraction_additional_cases ((1,3) vs {1,3}: unknown)', '{1,3}', '(1,3)', 'unknown'],
  ['Math-Verify test_symbols (\\text{13}: we read 13)', '\\text{13}', '13', 'equal'],
  // Functions (\sin, \sec) are not read: unknown, never a finding (README).
  ['Math-Verify test_complex_math_expressions (\\sec^2 y = \\tan^2 y + 1: unknown)', '\\sec^2(y)', '\\tan^2(y)+1', 'unknown'],
];

for (const [source, written, reference, verdict] of GRADERS) {
  test(`${source}: ${JSON.stringify(written)} vs ${JSON.stringify(reference)} → ${verdict}`, () => {
    const c = compareAnswers(written, reference);
    if (verdict === 'not-equal') assert.notEqual(c.verdict, 'equal', c.reason);
    else assert.equal(c.verdict, verdict, c.reason);
    assert.ok(c.reason.length > 0);
  });
}

for (const [written, reference, verdict] of TABLE) {
  test(`answers: ${JSON.stringify(written)} vs ${JSON.stringify(reference)} → ${verdict}`, () => {
    const c = compareAnswers(written, reference);
    assert.equal(c.verdict, verdict, c.reason);
    assert.ok(c.reason.length > 0);
  });
}

test('answers: a difference names both values', () => {
  assert.deepEqual(compareAnswers('$2,000', '1,375'), { verdict: 'different', reason: '2000 ≠ 1375' });
});

test('answers: very long input is refused quickly, not compared', () => {
  assert.equal(compareAnswers('1+'.repeat(5000) + '1', '5').verdict, 'unknown');
});

test('final answer: boxes joined by commas or "and" are one answer list; a stated final answer after them wins', async () => {
  const { solutionFromSteps } = await import('../../server/src/engine/solution');
  const final = (step: string) => solutionFromSteps({ problem: 'p', steps: ['First, x = 2.', step] }).solution.finalAnswer?.text;
  assert.equal(final('So the pairs are $\\boxed{(2,2)}$ and $\\boxed{(6,2)}$.'), '(2,2), (6,2)');
  assert.equal(final('The roots are \\boxed{1}, \\boxed{2}, \\boxed{3}'), '1, 2, 3');
  assert.equal(final('the values are \\(\\boxed{-1}\\) and \\(\\boxed{-9}\\).'), '-1, -9');
  assert.equal(final('We found \\boxed{12} earlier. Checking again, the final answer is 14.'), '14');
  assert.equal(final('The final answer is $\\boxed{5}$.'), '5');
  // Math-Verify test_math_extraction_additional_cases: \boxed{1}\boxed{2} is the list 1, 2.
  assert.equal(final('So $\\boxed{1}\\boxed{2}$'), '1, 2');
  assert.equal(compareAnswers('(2,2), (6,2)', '(6,2), (2,2)').verdict, 'equal');
});
