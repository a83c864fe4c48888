"""Nutrition and health: menus under the model's rules, allergies, growth, vaccines, development."""
