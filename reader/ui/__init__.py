"""The Textual shell: the app, its screens and widgets. It holds core sessions and draws them."""

import os

FRAMES_PER_SECOND = 120
"""The most frames Textual paints a second (its ``TEXTUAL_FPS``, 60 unless set), set here because
Textual reads it when first imported and every module of the shell imports it.

Textual paints a change at the next tick of a timer of this rate, and after an idle moment (the
first key of a search) that tick is one to two periods away: at 60 a keystroke's repaint waited
up to 33 ms for the clock alone, more than the search and the drawing together. At 120 the
keystroke p95 on 55,680 real papers went from 45 to 29 ms (``bench/``, this 2-core machine);
frames are still painted only when something changed. A user's own ``TEXTUAL_FPS`` is kept.
"""

os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
