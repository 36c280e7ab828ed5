package fetch

// RaceEnabled lets the external tests see raceEnabled.
const RaceEnabled = raceEnabled
