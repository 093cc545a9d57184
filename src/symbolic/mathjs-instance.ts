/**
 * The one mathjs instance of the symbolic module (full function set, numbers
 * as IEEE doubles). Everything symbolic parses, differentiates and prints
 * through it.
 */
import { all, create } from "mathjs";

export const math = create(all);
