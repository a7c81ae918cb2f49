import type { TextRenderer } from "./text.js";
import type { Actions, Forms, State } from "./state.js";

/** What every section renderer gets. */
export interface RenderContext {
  state: State;
  forms: Forms;
  actions: Actions;
  text: TextRenderer;
}
