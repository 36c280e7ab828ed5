package replica

// storiesD returns the stories that ran in three to five editions, not all
// of them in English.
func storiesD() []story {
	return []story{
		{id: "bab-al-salama-trade", versions: []version{
			{lang: "ar", id: 2519318, cat: "economy/syrian-economy", at: "2026-02-09 12:10", img: "bab-al-salama-crossing-scaled.jpg", city: "حلب",
				tags:  []string{"التجارة", "حلب"},
				title: "حركة الشاحنات عبر معبر باب السلامة تتجاوز ٩٠٠ شاحنة يومياً",
				body: []string{
					"تجاوز عدد الشاحنات التجارية العابرة يومياً عبر معبر باب السلامة الحدودي مع تركيا ٩٠٠ شاحنة، وفق ما أعلنته الهيئة العامة للمنافذ البرية والبحرية.",
					"وأوضحت الهيئة أن الصادرات السورية عبر المعبر تتركز في الخضار والفواكه والمنسوجات، بينما تشمل المستوردات مواد البناء والآلات الصناعية.",
					"وأشارت إلى أن تحديث أنظمة التخليص الجمركي إلكترونياً خفّض مدة عبور الشاحنة من ست ساعات إلى ساعتين تقريباً.",
				}, by: "م.س"},
			{lang: "tr", id: 31291, cat: "ekonomi", at: "2026-02-09 12:35", img: "bab-al-salama-crossing-1.jpg", city: "Halep",
				tags:  []string{"Ticaret", "Bab es-Selame"},
				title: "Bab es-Selame Sınır Kapısı'nda günlük tır geçişi 900'ü aştı",
				body: []string{
					"Suriye Kara ve Deniz Limanları Genel İdaresi, Türkiye sınırındaki Bab es-Selame Sınır Kapısı'ndan günlük geçen ticari tır sayısının 900'ü aştığını açıkladı.",
					"Açıklamada, Suriye'nin bu kapıdan ihracatının ağırlıklı olarak sebze, meyve ve tekstil ürünlerinden oluştuğu belirtildi.",
					"Gümrük işlemlerinin elektronik ortama taşınmasıyla bir tırın geçiş süresi altı saatten yaklaşık iki saate indi.",
					"Türk ve Suriyeli ihracatçılar, yeni düzenlemenin iki ülke arasındaki ticareti canlandırmasını bekliyor.",
				}, by: "A.Y"},
			{lang: "en", id: 2289835, cat: "economy", at: "2026-02-09 13:40", img: "bab-al-salama-crossing-1024x683.jpg", city: "Aleppo",
				tags:  []string{"Trade", "Aleppo"},
				title: "Truck traffic through Bab al-Salama crossing tops 900 a day",
				body: []string{
					"More than 900 commercial trucks now cross the Bab al-Salama border crossing with Türkiye every day, the General Authority for Land and Sea Ports said.",
					"Syrian exports through the crossing are mainly vegetables, fruit and textiles, while imports include building materials and industrial machinery.",
					"Electronic customs clearance has cut the average crossing time for a truck from six hours to about two, the authority added.",
				}, by: "H.Sh"},
		}},
		{id: "damascus-aleppo-train", versions: []version{
			{lang: "ar", id: 2519230, cat: "economy/transport", at: "2026-02-09 07:30", img: "damascus-aleppo-train-scaled.jpg", city: "دمشق",
				tags:  []string{"السكك الحديدية", "حلب", "دمشق"},
				title: "عودة قطار الركاب بين دمشق وحلب بعد انقطاع دام سنوات",
				body: []string{
					"انطلق صباح اليوم من محطة القدم في دمشق أول قطار للركاب باتجاه حلب بعد انقطاع دام سنوات، وعلى متنه ٢٨٠ راكباً.",
					"وأوضح مدير المؤسسة العامة للخطوط الحديدية السورية أن الرحلة تستغرق نحو ست ساعات مع توقف في حمص وحماة، وأن سعر التذكرة حدد بـ ٦٠ ألف ليرة سورية.",
					"وأشار إلى أن المؤسسة أعادت تأهيل ١٨٠ كيلومتراً من السكة وعدداً من الجسور، وتخطط لتسيير رحلتين يومياً اعتباراً من شهر آذار.",
					"ولفت إلى أن عودة القطار ستخفف أعباء التنقل عن المواطنين وتخفض كلفة نقل البضائع بين المحافظات.",
				}, by: "ع.ح"},
			{lang: "tr", id: 31229, cat: "ekonomi", at: "2026-02-09 08:40", img: "damascus-aleppo-train-1.jpg", city: "Şam",
				tags:  []string{"Demiryolu", "Halep"},
				title: "Şam-Halep yolcu treni yıllar sonra yeniden sefere başladı",
				body: []string{
					"Şam'daki Kadem İstasyonu'ndan 280 yolcuyla hareket eden tren, yıllar sonra ilk kez Halep'e sefer yaptı.",
					"Humus ve Hama'da durarak yaklaşık altı saat süren yolculuğun bilet fiyatı 60 bin Suriye lirası olarak belirlendi.",
					"Suriye Demiryolları, mart ayından itibaren günde iki sefer yapılmasını planlıyor.",
				}, by: "M.K"},
			{lang: "fr", id: 31288, cat: "syrie", at: "2026-02-09 09:15", img: "damascus-aleppo-train-1024x683.jpg", city: "Damas",
				tags:  []string{"Chemins de fer", "Alep", "Damas"},
				title: "Le train de voyageurs Damas-Alep reprend du service",
				body: []string{
					"Le premier train de voyageurs à destination d'Alep depuis plusieurs années a quitté ce matin la gare de Qadam, à Damas, avec 280 passagers à bord.",
					"Le trajet dure environ six heures, avec des arrêts à Homs et à Hama.",
					"Deux allers-retours quotidiens sont prévus à partir de mars.",
				}, by: "T.J"},
			{lang: "es", id: 17491, cat: "siria", at: "2026-02-09 10:10", img: "damascus-aleppo-train-scaled.jpg", city: "Damasco",
				tags:  []string{"Ferrocarril", "Alepo"},
				title: "Vuelve a circular el tren de pasajeros entre Damasco y Alepo",
				body: []string{
					"El primer tren de pasajeros en varios años entre Damasco y Alepo partió hoy de la estación de Qadam con 280 viajeros.",
					"El trayecto dura unas seis horas, con paradas en Homs y Hama, y el billete cuesta 60.000 libras sirias.",
					"Los Ferrocarriles Sirios prevén dos trenes diarios a partir de marzo.",
				}, by: "E.M"},
			{lang: "ku", id: 14138, cat: "abori", at: "2026-02-09 11:00", img: "damascus-aleppo-train-1024x683.jpg", city: "Şam",
				tags:  []string{"Rêhesin", "Heleb"},
				title: "Trêna rêwiyan a di navbera Şam û Helebê de ji nû ve dest bi xebatê kir",
				body: []string{
					"Piştî çend salan, yekem trêna rêwiyan îro sibê bi 280 rêwiyan ji stasyona Qedemê ya Şamê ber bi Helebê ve bi rê ket.",
					"Rêwîtî nêzîkî şeş demjimêran dikişîne û li Humus û Hemayê disekine.",
					"Ji meha Adarê ve dê her roj du trên bixebitin.",
				}, by: "Z.H"},
		}},
		{id: "raqqa-seeds", versions: []version{
			{lang: "ar", id: 2519147, cat: "economy/agricultural", at: "2026-02-08 17:10", img: "raqqa-seeds-scaled.jpg", city: "الرقة",
				tags:  []string{"الرقة", "الزراعة"},
				title: "توزيع ٤ آلاف طن من بذار القطن والشوندر على مزارعي الرقة",
				body: []string{
					"بدأت مديرية الزراعة في الرقة توزيع ٤ آلاف طن من بذار القطن والشوندر السكري على المزارعين، استعداداً للموسم الزراعي الصيفي.",
					"وأوضح مدير الزراعة أن التوزيع يتم عبر ١٤ مركزاً في المدينة والريف، ويستفيد منه نحو ١١ ألف مزارع، بأسعار مدعومة تقل بنحو ٣٠ بالمئة عن أسعار السوق.",
					"وأشار إلى أن المديرية تنسق مع مديرية الموارد المائية لضمان تأمين مياه الري من قنوات الفرات خلال أشهر نيسان وأيار وحزيران.",
				}, by: "ف.ع"},
			{lang: "tr", id: 31190, cat: "ekonomi", at: "2026-02-08 18:30", img: "raqqa-seeds-1.jpg", city: "Rakka",
				tags:  []string{"Rakka", "Tarım"},
				title: "Rakka'da çiftçilere 4 bin ton tohum dağıtılıyor",
				body: []string{
					"Rakka Tarım Müdürlüğü, yaz sezonuna hazırlık kapsamında çiftçilere 4 bin ton pamuk ve şeker pancarı tohumu dağıtmaya başladı.",
					"Dağıtım 14 merkezde yapılıyor ve yaklaşık 11 bin çiftçi yararlanıyor.",
					"Tohumlar piyasa fiyatlarından yüzde 30 daha ucuza veriliyor.",
				}, by: "S.D"},
			{lang: "fr", id: 31262, cat: "economie", at: "2026-02-08 19:00", img: "raqqa-seeds-1024x683.jpg", city: "Raqqa",
				tags:  []string{"Raqqa", "Agriculture"},
				title: "Raqqa : distribution de 4 000 tonnes de semences aux agriculteurs",
				body: []string{
					"La direction de l'Agriculture de Raqqa a commencé à distribuer 4 000 tonnes de semences de coton et de betterave sucrière aux agriculteurs, en prévision de la saison estivale.",
					"Quelque 11 000 agriculteurs en bénéficient, à des prix inférieurs d'environ 30 % à ceux du marché.",
					"La distribution se fait dans 14 centres répartis dans la ville et sa campagne.",
				}, by: "R.B"},
			{lang: "es", id: 17458, cat: "economia", at: "2026-02-08 19:45", img: "raqqa-seeds-scaled.jpg", city: "Raqqa",
				tags:  []string{"Raqqa", "Agricultura"},
				title: "Raqqa reparte 4.000 toneladas de semillas entre los agricultores",
				body: []string{
					"La dirección de Agricultura de Raqqa comenzó a distribuir 4.000 toneladas de semillas de algodón y remolacha azucarera entre los agricultores de la provincia.",
					"Unos 11.000 agricultores se benefician del reparto, que se realiza en 14 centros a precios un 30 por ciento inferiores a los del mercado.",
					"El riego estará garantizado por los canales del Éufrates entre abril y junio.",
				}, by: "L.A"},
			{lang: "ku", id: 14127, cat: "abori", at: "2026-02-08 20:30", img: "raqqa-seeds-1024x683.jpg", city: "Reqqa",
				tags:  []string{"Reqqa", "Çandinî"},
				title: "Li Reqqayê 4 hezar ton tov li ser cotkaran tên belavkirin",
				body: []string{
					"Rêveberiya Çandiniyê ya Reqqayê dest bi belavkirina 4 hezar ton tovên pembû û çewenderê şekir li ser cotkaran kir.",
					"Nêzîkî 11 hezar cotkar ji vê belavkirinê sûdê werdigirin.",
					"Tov bi bihayekî ji sedî 30 erzantir ji yê bazarê tên dayîn.",
				}, by: "R.M"},
		}},
	}
}
