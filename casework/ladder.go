package casework

// DefaultLadder is the trust ladder of seed 002 as the demo county uses it,
// until the county defines its own.
func DefaultLadder() Ladder {
	stage := func(n int, fi, sv, en, dfi, dsv, den string) Stage {
		return Stage{Number: n, Label: map[string]string{"fi": fi, "sv": sv, "en": en},
			Description: map[string]string{"fi": dfi, "sv": dsv, "en": den}}
	}
	return Ladder{Stages: []Stage{
		stage(1, "Ei yhteyttä", "Ingen kontakt", "No contact",
			"Asiakasta ei ole vielä tavoitettu.", "Klienten har ännu inte nåtts.", "The client has not been reached yet."),
		stage(2, "Ensikontakti", "Första kontakt", "First contact",
			"Asiakas on tavoitettu kerran.", "Klienten har nåtts en gång.", "The client has been reached once."),
		stage(3, "Satunnainen yhteys", "Sporadisk kontakt", "Occasional contact",
			"Asiakas on yhteydessä silloin tällöin.", "Klienten hör av sig då och då.", "The client is in touch now and then."),
		stage(4, "Säännöllinen yhteys", "Regelbunden kontakt", "Regular contact",
			"Tapaamiset toteutuvat sovitusti.", "Mötena blir av som avtalat.", "Meetings happen as agreed."),
		stage(5, "Yhteiset tavoitteet", "Gemensamma mål", "Joint goals",
			"Asiakkaan kanssa on sovittu tavoitteista.", "Mål har avtalats med klienten.", "Goals have been agreed with the client."),
		stage(6, "Työskentely tavoitteiden eteen", "Arbete mot målen", "Working on goals",
			"Asiakas etenee kohti tavoitteitaan.", "Klienten gör framsteg mot sina mål.", "The client is making progress towards their goals."),
		stage(7, "Kohti palveluja tai työtä", "Mot tjänster eller arbete", "Towards services or employment",
			"Asiakas siirtyy tarvitsemiinsa palveluihin tai työhön.", "Klienten går vidare till de tjänster hen behöver eller till arbete.",
			"The client moves on to the services they need or to work."),
	}}
}
