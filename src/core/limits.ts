/** The longest context or output length accepted: 2^20 tokens, well past any model in the registry. */
export const MAX_TOKENS = 1_048_576;
