package replica

// CityNames returns the name the replica writes for a city in each
// edition, by language: key is the city's id ("damascus", "aleppo",
// "homs", …, "deir-ezzor", "sweida"). Hand-written and generated stories
// name the city so, with the edition's grammar around it (وحلب,
// Halep'te, d'Alep, Helebê). It returns nil for an unknown key. Tests
// use it as ground truth for searches.
func CityNames(key string) map[string]string {
	for i, k := range cityKeys {
		if k != key {
			continue
		}
		out := map[string]string{}
		for lang, t := range genTables() {
			out[lang] = t.cities[i]
		}
		return out
	}
	return nil
}
