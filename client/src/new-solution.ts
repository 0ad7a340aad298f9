import * as vscode from 'vscode';

// A slip the checker catches at once, so a new user sees a finding within a second.
const TEMPLATE = `---
answer: 1,375
---
# Problem

Each hour a bakery sells 5 single cakes and 3 boxes of 2 cakes. It is open 10 hours a day
and every cake costs $12.50. How much money, in dollars, does it take in per day?

# Solution

Step 1: Each hour it sells 5 + 3 × 2 = 16 cakes.

Step 2: Over the day it sells 16 × 10 = 160 cakes.

Step 3: The takings are 160 × $12.50 = $2,000.

The answer is $2,000.
`;

/** Opens an untitled solution document: the walkthrough's first step. */
export async function newSolutionDocument(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: TEMPLATE });
  await vscode.window.showTextDocument(doc);
}
