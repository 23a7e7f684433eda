package ignores

func boom() {}

func reported() {
	boom() // want `boom called`
}

func sameLine() {
	boom() //msvclint:ignore toy the test harness owns this call
}

func lineAbove() {
	//msvclint:ignore toy,other the test harness owns this call
	boom()
}

func twoLinesAbove() {
	/* want `suppresses no finding` */ //msvclint:ignore toy too far away to count

	boom() // want `boom called`
}

func noReason() {
	boom() /* want `has no reason` */ //msvclint:ignore toy
}

func otherCheck() {
	boom() /* want `boom called` */ //msvclint:ignore datarace not this check
}

func unusedTrailing() {
	_ = 1 /* want `suppresses no finding` */ //msvclint:ignore toy nothing here
}

func unusedShared() {
	_ = 2 /* want `names toy but suppresses no toy finding` */ //msvclint:ignore other,toy nothing here either
}

func allChecks() {
	_ = 3 //msvclint:ignore all never reported unused by one check
}

func bang() {}

func category() {
	bang() //msvclint:ignore toy/cat only this category of toy
}

func otherCategory() {
	bang() /* want `bang called` `suppresses no finding` */ //msvclint:ignore toy/dog a category toy does not report here
}
