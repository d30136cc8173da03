// A contract of the synthetic tree: keeps the rules.
#pragma once

#include <string>
