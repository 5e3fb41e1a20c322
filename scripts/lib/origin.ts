/**
 * The made-up origin the print page is served from (never reaches a network).
 * Shared by render (which keys image sources by their print URL) and the
 * printer (which answers requests to it).
 */
export const ORIGIN = 'http://briefpress.invalid';
