// What the qeth devices say in their steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
// The sentences live in words/, one module per group of mechanism files; this module gathers
// them so that every mechanism file imports `* as say from './words'`.
export * from './words/card';
export * from './words/guest';
export * from './words/osa';
export * from './words/ipv6';
export * from './words/lifecycle';
export * from './words/routes';
