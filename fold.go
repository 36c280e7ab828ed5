package sanafeed

import "time"

// DefaultFoldWindow is how long after an article a repost of it (a re-run
// of its text under a new post id, or an "Updated-" version) may be
// published and still be folded into it, unless told otherwise ([stories]
// fold_window): SANA re-runs and updates a story within a day or two.
const DefaultFoldWindow = 72 * time.Hour
