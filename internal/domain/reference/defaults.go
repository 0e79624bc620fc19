package reference

func ptr(s string) *string { return &s }

// DefaultFields is the seeded taxonomy: the three highlands (三大科创高地) of the
// "315" system and the domains the seed documents name under each.
func DefaultFields() []Field {
	f := func(id, parent, name, en string, p315 bool) Field {
		fl := Field{ID: id, Name: name, NameEn: en, Priority315: p315}
		if parent != "" {
			fl.ParentID = ptr(parent)
		}
		return fl
	}
	return []Field{
		f("digital", "", "互联网+", "Internet+ (digital)", true),
		f("life_health", "", "生命健康", "Life & health", true),
		f("new_materials", "", "新材料", "New materials", true),
		f("chips", "digital", "芯片", "Chips", true),
		f("cloud_computing", "digital", "云计算", "Cloud computing", true),
		f("artificial_intelligence", "digital", "人工智能", "Artificial intelligence", true),
		f("digital_twin", "digital", "数字孪生", "Digital twin", true),
		f("industrial_internet", "digital", "工业互联网", "Industrial internet", true),
		f("humanoid_robots", "digital", "人形机器人", "Humanoid robots", true),
		f("new_energy_vehicles", "digital", "新能源汽车", "New energy vehicles", true),
		f("biomedicine", "life_health", "生物医药", "Biomedicine", true),
		f("medical_devices", "life_health", "高端医疗器械", "Medical devices", true),
		f("frontier_materials", "new_materials", "前沿新材料", "Frontier materials", true),
		f("marine_materials", "new_materials", "海洋新材料", "Marine materials", true),
		f("rare_earth_materials", "new_materials", "稀土材料", "Rare-earth materials", true),
		f("mechanics", "new_materials", "力学", "Mechanics", true),
		f("green_petrochemicals", "new_materials", "绿色石化", "Green petrochemicals", false),
		f("smart_manufacturing", "digital", "智能制造装备", "Smart manufacturing equipment", false),
	}
}

// DefaultCategories are the four kinds of key R&D project (四大领域攻关项目).
func DefaultCategories() []Category {
	return []Category{
		{ID: "strategic_collaboration", Name: "战略协同创新", NameEn: "Strategic collaborative innovation"},
		{ID: "key_technology", Name: "关键技术突破", NameEn: "Key technology breakthrough"},
		{ID: "ecosystem", Name: "科创生态育成", NameEn: "Innovation ecosystem cultivation"},
		{ID: "application_demo", Name: "重大应用示范", NameEn: "Major application demonstration"},
	}
}

// DefaultDistricts are Ningbo's districts, county-level cities and zones.
func DefaultDistricts() []District {
	return []District{
		{ID: "haishu", Name: "海曙", NameEn: "Haishu"},
		{ID: "jiangbei", Name: "江北", NameEn: "Jiangbei"},
		{ID: "zhenhai", Name: "镇海", NameEn: "Zhenhai"},
		{ID: "beilun", Name: "北仑", NameEn: "Beilun"},
		{ID: "yinzhou", Name: "鄞州", NameEn: "Yinzhou"},
		{ID: "fenghua", Name: "奉化", NameEn: "Fenghua"},
		{ID: "yuyao", Name: "余姚", NameEn: "Yuyao"},
		{ID: "cixi", Name: "慈溪", NameEn: "Cixi"},
		{ID: "ninghai", Name: "宁海", NameEn: "Ninghai"},
		{ID: "xiangshan", Name: "象山", NameEn: "Xiangshan"},
		{ID: "qianwan", Name: "前湾新区", NameEn: "Qianwan New Area"},
		{ID: "hitech_zone", Name: "高新区", NameEn: "High-tech Zone"},
	}
}
